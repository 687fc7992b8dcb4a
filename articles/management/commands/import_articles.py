"""``manage.py import_articles [FILE ...]``: import press articles written as YAML files."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.problems import ArticleImportError
from articles.schema import read_article
from articles.services import import_articles
from people.models import Source

DEFAULT_FOLDER = Path(settings.BASE_DIR) / "fixtures" / "articles"


class Command(BaseCommand):
    help = (
        "Importiert Presseartikel (YAML-Dateien, Format: docs/import-format.md); ohne Angabe "
        "alle Dateien in fixtures/articles/. Alles oder nichts; ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Artikeldateien (.yaml)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur zeigen, was sich ändern würde."
        )
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Nichts tun, wenn schon eine Quelle gespeichert ist (für den ersten Start).",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Source.objects.exists():
            self._report(
                options, {"skipped": True}, "Es gibt schon Quellen; Artikelimport übersprungen."
            )
            return
        paths = self._paths(options["files"])
        try:
            articles = [read_article(path) for path in paths]
            summary = import_articles(articles=articles, dry_run=options["dry_run"])
        except ArticleImportError as error:
            if options["json"]:
                problems = [p.as_dict() for p in error.problems]
                self.stdout.write(json.dumps({"ok": False, "problems": problems}, indent=2))
            raise CommandError(
                "Import abgebrochen, nichts gespeichert:\n" + "\n".join(map(str, error.problems))
            ) from None
        self._report(options, {"ok": True, **summary.as_dict()}, summary.text())

    def _report(self, options, data: dict, text: str) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(text)

    def _paths(self, names: list[str]) -> list[Path]:
        if not names:
            paths = sorted(DEFAULT_FOLDER.glob("*.yaml")) + sorted(DEFAULT_FOLDER.glob("*.yml"))
            if not paths:
                raise CommandError(f"Keine Artikeldateien in {DEFAULT_FOLDER}.")
            return sorted(paths, key=lambda p: p.name)
        paths = []
        for name in names:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: Datei nicht gefunden.")
            if path.resolve() not in [p.resolve() for p in paths]:
                paths.append(path)
        return paths
