"""``manage.py seed_demo --scale S|M|L [--seed N] [--force] [--json]``: synthetic data at scale.

Deterministic for a seed; loads with COPY on PostgreSQL and bulk_create elsewhere; refuses a
database that already holds data unless ``--force`` (then it adds its rows next to the
existing ones, never deleting anything). The bulk load sends no signals, so the derived
activity tables are rebuilt at the end, in the same transaction (activity.maintain.rebuild,
what ``refresh_activity`` runs). See docs/performance.md.
"""

import json
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from activity import maintain as activity
from perf import load
from perf.guard import existing_for_seed, existing_rows, real_sources
from perf.scales import PUBLIC_SCALES, SCALES
from perf.synthetic import SyntheticData

# The accounts that own the seeded follow-ups.
DEMO_STAFF = [f"demo-staff-{n}" for n in range(1, 9)]


class Command(BaseCommand):
    help = (
        "Erzeugt synthetische Demodaten (deutsche und japanische Namen, ungefähre Daten, "
        "Delegationen, Vereinbarungsketten) in Größe S, M oder L; L = 1 Mio. Teilnahmen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="S",
            metavar="{" + ",".join(PUBLIC_SCALES) + "}",
            help="S, M oder L (L: 5.000 Organisationen, 100.000 Personen, 1 Mio. Teilnahmen).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Zufallsstartwert (Standard 1).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch in eine nicht leere Datenbank schreiben (fügt hinzu, löscht nichts).",
        )
        parser.add_argument("--json", action="store_true", help="Nur die JSON-Zusammenfassung.")

    def handle(self, *args, **options):
        scale, seed = SCALES[options["scale"]], options["seed"]
        held = existing_rows()
        if held and not options["force"]:
            raise CommandError(self._refusal(held, real_sources()))
        existing = existing_for_seed(scale.name, seed)
        existing.staff_ids = demo_staff()

        started = time.perf_counter()
        data = SyntheticData(scale, seed, now=timezone.now(), existing=existing)
        with transaction.atomic():
            tables = data.build()
            generated = time.perf_counter() - started
            with load.postgresql_bulk_mode(tables):
                counts = load.load(tables)
            load.reset_sequences(tables)
            loaded = time.perf_counter() - started
            derived = activity.rebuild()["seconds"]
        analyzed = load.analyze(tables)
        activity.vacuum()
        summary = {
            "scale": scale.name,
            "seed": seed,
            "database": connection.vendor,
            "added_to_existing_data": bool(held),
            "rows": counts,
            "seconds": {
                "generate": round(generated, 1),
                "generate_and_load": round(loaded, 1),
                "activity": derived,
                "analyze": round(analyzed, 1),
                "total": round(time.perf_counter() - started, 1),
            },
        }
        if options["json"]:
            self.stdout.write(_json(summary))
            return
        self._report(summary)

    @staticmethod
    def _refusal(held: dict[str, int], real: int) -> str:
        what = ", ".join(f"{label}: {count}" for label, count in held.items())
        reason = (
            f"{real} Quelle(n) stammen nicht von seed_demo – das sind echte Daten."
            if real
            else "Sie stammen (den Quellen nach) von einem früheren seed_demo-Lauf."
        )
        return (
            f"Die Datenbank ist nicht leer ({what}). {reason} seed_demo schreibt nur in eine "
            "leere Datenbank; mit --force fügt es seine synthetischen Daten trotzdem hinzu "
            "(es löscht nichts). Für einen sauberen Neuanfang die Datenbank neu anlegen."
        )

    def _report(self, summary: dict) -> None:
        self.stdout.write(
            f"seed_demo: Größe {summary['scale']}, Seed {summary['seed']}, {summary['database']}"
        )
        for table, count in summary["rows"].items():
            self.stdout.write(f"  {table:<40} {count:>10,}".replace(",", "."))
        seconds = summary["seconds"]
        self.stdout.write(
            f"Erzeugen {seconds['generate']} s, "
            f"Erzeugen und Laden {seconds['generate_and_load']} s, "
            f"Aktivitätstabellen {seconds['activity']} s, "
            f"ANALYZE {seconds['analyze']} s, gesamt {seconds['total']} s"
        )
        self.stdout.write(_json(summary))


def _json(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False)


def demo_staff() -> list[int]:
    """Ids of the demo staff accounts (no password, no role: they only own follow-ups)."""
    User = get_user_model()
    ids = []
    for username in DEMO_STAFF:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        ids.append(user.pk)
    return ids
