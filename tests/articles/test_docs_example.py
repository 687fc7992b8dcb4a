"""The complete example in docs/import-format.md imports as the guide says."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from articles.schema import parse_article
from articles.services import import_articles
from events.models import Event
from partnerships.models import Agreement

GUIDE = Path(settings.BASE_DIR) / "docs" / "import-format.md"


def example() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1
    return blocks[0]


@pytest.mark.django_db
def test_guide_example_imports_and_a_second_run_has_nothing_to_do():
    article = parse_article(example(), file="beispiel.yaml")
    first = import_articles(articles=[article])
    assert first.count("event", "created") == 2
    iuc = Agreement.objects.get()
    assert {s.person.family_name for s in iuc.participants.filter(role="signatory")} == {
        "Kufen",
        "Kanno",
    }
    assert Event.objects.get(kind="signing").agreements.get() == iuc
    assert import_articles(articles=[article]).nothing_to_do
