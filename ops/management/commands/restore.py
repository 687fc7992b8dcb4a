"""``manage.py restore FILE``: replace the database and the uploaded files with a backup."""

import json

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Stellt eine Sicherung (manage.py backup) wieder her. Ersetzt die ganze Datenbank und "
        "alle hochgeladenen Dateien; die Anwendung sollte dabei gestoppt sein."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Sicherungsdatei (.tar.gz)")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Nicht nachfragen.",
        )  # fmt: skip
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben.")

    def handle(self, *args, **options):
        try:
            manifest = read_manifest(options["file"])
            if options["interactive"]:
                answer = input(
                    f"Die Datenbank wird durch den Stand vom {manifest.created} ersetzt. "
                    "Fortfahren? [ja/nein] "
                )
                if answer.strip().lower() not in {"ja", "j", "yes", "y"}:
                    raise CommandError("Abgebrochen, nichts geändert.")
            manifest = restore_backup(archive=options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps({"file": options["file"], **manifest.as_dict()}))
        else:
            rows = sum(manifest.tables.values())
            self.stdout.write(
                f"Wiederhergestellt: Stand vom {manifest.created} ({len(manifest.tables)} "
                f"Tabellen, {rows} Zeilen, {manifest.media_files} Dateien)"
            )
