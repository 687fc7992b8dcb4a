"""``manage.py backup [--output FILE]``: archive the database and the uploaded files."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sichert Datenbank (SQLite oder PostgreSQL) und hochgeladene Dateien in ein Archiv."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Zieldatei (Standard: var/backups/crm-JJJJMMTT-HHMMSS.tar.gz).",
        )
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben.")

    def handle(self, *args, **options):
        output = Path(options["output"] or self._default_name())
        try:
            manifest = create_backup(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest.tables.values())
        if options["json"]:
            self.stdout.write(json.dumps({"file": str(output), **manifest.as_dict()}, indent=2))
        else:
            self.stdout.write(
                f"Gesichert: {output} ({manifest.engine}, {len(manifest.tables)} Tabellen, "
                f"{rows} Zeilen, {manifest.media_files} Dateien)"
            )

    @staticmethod
    def _default_name() -> Path:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return Path(settings.BASE_DIR) / "var" / "backups" / f"crm-{stamp}.tar.gz"
