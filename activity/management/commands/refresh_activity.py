"""``manage.py refresh_activity [--json]``: rebuild the derived activity tables from scratch.

The tables are kept current on every write (activity.signals); this rebuilds them set-based
(three ``INSERT … SELECT`` statements, seconds at scale L) after writes that bypass signals:
bulk loads (``seed_demo`` calls it itself), raw SQL, a restore from an older backup.
"""

import json

from django.core.management.base import BaseCommand

from activity.maintain import rebuild


class Command(BaseCommand):
    help = (
        "Baut die abgeleiteten Aktivitätstabellen (Aktivitätsjahre von Personen, Kontaktjahre "
        "und letzter Kontakt von Organisationen) vollständig neu auf."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Nur die JSON-Zusammenfassung.")

    def handle(self, *args, **options):
        summary = rebuild()
        if not options["json"]:
            for table, count in summary["rows"].items():
                self.stdout.write(f"  {table:<40} {count:>10,}".replace(",", "."))
            self.stdout.write(f"refresh_activity: {summary['seconds']} s")
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
