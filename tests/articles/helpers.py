"""Helpers for the article import tests."""

import io
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"
FILES = {
    "essen_2018": ARTICLES / "2018-11-essen-koriyama-delegation.yaml",
    "essen_2019": ARTICLES / "2019-09-essen-delegation-japan.yaml",
    "braunschweig": ARTICLES / "2021-11-braunschweig-weiterbildungsverbund.yaml",
    "qlee": ARTICLES / "2024-02-qlee-japan-delegation.yaml",
    "dortmund": ARTICLES / "undatiert-dortmund-stammtisch-usa-kanada.yaml",
}


def table_counts() -> dict[str, int]:
    """Rows per table of the domain apps, history tables included: "the database" for tests."""
    return {
        model._meta.label: model.objects.count()
        for app in ("people", "partnerships", "events")
        for model in apps.get_app_config(app).get_models()
    }


def run_import(*args) -> dict:
    """``import_articles --json`` with ``args``; the parsed summary."""
    out = io.StringIO()
    call_command("import_articles", "--json", *map(str, args), stdout=out)
    return json.loads(out.getvalue())


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
