"""The article import asks the one matcher (people.matching) about every record it creates."""

import pytest
from django.urls import reverse

from people.models import Organisation, Person
from tests.articles.helpers import run_import, write
from tests.factories import make_organisation, make_person

ARTICLE = """
source: {publisher: Stadtanzeiger, title: Besuch aus Kawagoe, date: 2025-05-02}
organisations:
  - {name: Kawagoe, kind: city, country: JP}
people:
  - {name: Juergen Mueller}
"""


@pytest.mark.django_db
def test_a_created_record_like_an_existing_one_is_listed_not_linked(tmp_path):
    city = make_organisation(name="Stadt Kawagoe", kind=Organisation.Kind.CITY, country="JP")
    person = make_person(given_name="Jürgen", family_name="Müller")
    summary = run_import(write(tmp_path, "kawagoe.yaml", ARTICLE))
    # Created (a likely match is for a person to judge: "Präfektur X" and "Stadt X" share it) …
    assert Organisation.objects.count() == 2 and Person.objects.count() == 2
    # … and named, with the existing record and why.
    likely = {(d["kind"], d["label"]): d for d in summary["likely_duplicates"]}
    assert likely["organisation", "Kawagoe"]["others"] == [str(city)]
    assert "gleicher Name" in likely["organisation", "Kawagoe"]["reasons"]
    assert likely["person", "Juergen Mueller"]["others"] == [str(person)]


@pytest.mark.django_db
def test_a_dry_run_lists_them_and_the_text_output_says_where_to_merge(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    make_organisation(name="Stadt Kawagoe", country="JP")
    out = StringIO()
    call_command("import_articles", "--dry-run", str(write(tmp_path, "k.yaml", ARTICLE)),
                 stdout=out)  # fmt: skip
    assert "Mögliche Dubletten" in out.getvalue()
    assert "Kawagoe: wie 'Stadt Kawagoe'" in out.getvalue()
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_the_admin_preview_and_message_show_them(editor_client, tmp_path):
    make_organisation(name="Stadt Kawagoe", country="JP")
    url = reverse("admin:people_source_import_articles")
    upload = write(tmp_path, "kawagoe.yaml", ARTICLE)
    with upload.open("rb") as handle:
        preview = editor_client.post(url, {"file": handle})
    page = preview.content.decode()
    assert (
        "Kawagoe: wie &#x27;Stadt Kawagoe&#x27;" in page or "Kawagoe: wie 'Stadt Kawagoe'" in page
    )
    payload = preview.context["confirm"]["payload"].value()
    done = editor_client.post(url, {"payload": payload}, follow=True)
    text = done.content.decode()
    assert "Mögliche Dubletten öffnen" in text and reverse("directory:duplicates") in text


@pytest.mark.django_db
def test_the_five_articles_create_no_likely_duplicates():
    from tests.articles.helpers import FILES

    assert run_import(*FILES.values())["likely_duplicates"] == []
