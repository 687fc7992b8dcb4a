"""``manage.py bench [--scale S|M|L] [--runs N] [--json PATH]``: how fast the pages are.

In-process (django.test.Client) against the configured database, DEBUG off, one persistent
connection, logged in as a manager. Per page: a recorded request (query count and statements),
warm-up requests, ``--runs`` timed requests (median, 95th percentile), then the page's own
read statements re-run ``--runs`` times straight through the driver's cursor. Results go to
the JSON file next to the document and into docs/performance.md (see perf/report.py).
"""

import json
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from core.roles import EDITORS, MANAGERS
from events.models import Event, Participation
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person
from perf import report, timing
from perf.actions import measure_merge
from perf.pages import FIRST_AND_LAST, MAX_SQL_RATIO, PAGES, Subjects, resolve
from perf.scales import PUBLIC_SCALES, SCALES, scale_of_counts

BENCH_USER = "bench-manager"
BENCH_EDITOR = "bench-editor"
DEFAULT_DOC = Path(settings.BASE_DIR) / "docs" / "performance.md"
# A timing difference below this is noise on a shared machine, not a slower page.
SAME_SPEED_MARGIN = 1.10


class Command(BaseCommand):
    help = "Misst die Seiten (Median, p95, Abfragen, Verhältnis zur reinen SQL-Zeit)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            metavar="{" + ",".join(PUBLIC_SCALES) + "}",
            help="Bezeichnung der Datenmenge; Standard: aus der Zahl der Teilnahmen erkannt.",
        )
        parser.add_argument("--runs", type=int, default=20, help="Gemessene Aufrufe je Seite.")
        parser.add_argument("--warmup", type=int, default=3, help="Aufwärmaufrufe je Seite.")
        parser.add_argument("--json", type=Path, help="Ergebnis dieses Laufs als JSON-Datei.")
        parser.add_argument(
            "--doc",
            type=Path,
            default=DEFAULT_DOC,
            help="Markdown-Dokument, dessen Ergebnisteil neu geschrieben wird "
            "(daneben <doc>.json mit allen Läufen).",
        )
        parser.add_argument("--no-doc", action="store_true", help="Kein Dokument schreiben.")
        parser.add_argument(
            "--pages",
            help="Nur diese Seiten (Schlüssel, durch Komma getrennt; 'merge' für das "
            "Zusammenführen der meistbeteiligten Person).",
        )
        parser.add_argument(
            "--max-seconds-per-page",
            type=float,
            default=300,
            help="Obergrenze je Seite; sehr langsame Seiten werden seltener gemessen.",
        )
        parser.add_argument(
            "--session-cookie",
            action="store_true",
            help="Nur ein Sitzungs-Cookie des Bench-Managers ausgeben (für Lasttests mit wrk).",
        )

    def handle(self, *args, **options):
        if options["runs"] < 1 or options["warmup"] < 0:
            raise CommandError("--runs muss mindestens 1, --warmup mindestens 0 sein.")
        user = bench_manager()
        if options["session_cookie"]:
            self.stdout.write(f"{settings.SESSION_COOKIE_NAME}={session_for(user)}")
            return
        prepare_settings()
        rows = row_counts()
        scale = options["scale"] or scale_of_counts(rows["participations"]) or "custom"
        pages, with_merge = PAGES, True
        if options["pages"]:
            wanted = set(options["pages"].split(","))
            pages = [p for p in PAGES if p.key in wanted]
            with_merge = "merge" in wanted
            if not pages and not with_merge:
                raise CommandError(f"Keine bekannte Seite in {options['pages']!r}.")
        client = Client()
        client.force_login(user)
        editor_client = Client()
        editor_client.force_login(bench_user(BENCH_EDITOR, EDITORS))
        token, key = ApiToken.objects.create(user=user, name="bench")
        api_client = Client(HTTP_AUTHORIZATION=f"Token {key}")
        settings.API_RATE_LIMIT = "1000000/minute"
        subjects = Subjects()
        results = []
        for page in pages:
            result = measure(
                page,
                api_client if page.api else editor_client if page.editor else client,
                subjects,
                options["runs"],
                options["warmup"],
                options["max_seconds_per_page"],
            )
            results.append(result)
            self.stdout.write(_line(result))
        if with_merge:
            results.append(measure_merge(subjects, runs=min(options["runs"], 3)))
            self.stdout.write(_line(results[-1]))
        token.delete()
        run = {
            "scale": scale,
            "date": timezone.now().isoformat(timespec="seconds"),
            "machine": report.machine(),
            "rows": rows,
            "runs": options["runs"],
            "warmup": options["warmup"],
            "pages": results,
            "checks": first_and_last(results),
        }
        for check in run["checks"]:
            self.stdout.write(check)
        if options["json"]:
            options["json"].write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n")
        if not options["no_doc"]:
            doc = options["doc"]
            doc.parent.mkdir(parents=True, exist_ok=True)
            runs = report.store(doc.with_suffix(".json"), run)
            report.write_document(doc, runs)
            self.stdout.write(f"Ergebnisse: {doc} (alle Läufe: {doc.with_suffix('.json')})")


def bench_manager():
    """The bench's own manager account: in the Managers group, staff (admin pages), no password."""
    return bench_user(BENCH_USER, MANAGERS)


def bench_user(username: str, group: str):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def session_for(user) -> str:
    """A logged-in session for ``user`` (what force_login does), for an external load test."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def prepare_settings() -> None:
    """Measure what production runs: no DEBUG, one connection kept open."""
    settings.DEBUG = False
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    connection.settings_dict["CONN_MAX_AGE"] = None  # never closed between requests
    connection.ensure_connection()
    connection.close_at = None


def row_counts() -> dict:
    return {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "participations": Participation.objects.count(),
        "agreements": Agreement.objects.count(),
        "delegations": Delegation.objects.count(),
    }


def measure(page, client, subjects, runs: int, warmup: int, max_seconds: float) -> dict:
    url, note = resolve(page, subjects)
    result = {
        "key": page.key,
        "title": page.title,
        "url": url,
        "status": "skipped",
        "note": note,
        "budget_ms": page.budget_ms,
        "max_queries": page.max_queries,
        "within_budget": None,
        "missed": [],
    }
    if url is None:
        return result
    started = time.perf_counter()
    recorded = timing.capture(client, url)
    first_seconds = time.perf_counter() - started
    if recorded.status != 200:
        result["note"] = f"HTTP {recorded.status}"
        return result
    # A page that takes a minute would hold the run for an hour: fewer runs, and say so.
    affordable = int(max_seconds / max(first_seconds, 1e-3) / 2)
    if affordable < warmup + runs:
        warmup, runs = 0, max(1, affordable)
        result["note"] = f"only {runs} run(s): one request took {first_seconds:.0f} s"
    for _ in range(warmup):
        timing.fetch(client, url)
    page_ms = timing.time_page(client, url, runs)
    reads = recorded.reads
    sql_ms = timing.time_statements(reads, runs)
    median, sql_median = timing.median(page_ms), timing.median(sql_ms)
    result.update(
        status="ok",
        runs=runs,
        median_ms=round(median, 2),
        p95_ms=round(timing.p95(page_ms), 2),
        queries=recorded.queries,
        statements_rerun=len(reads),
        sql_median_ms=round(sql_median, 2),
        sql_ratio=round(median / sql_median, 2) if sql_median else 0.0,
        bytes=len(recorded.content),
    )
    if page.budget_ms is not None:
        missed = []
        if median > page.budget_ms:
            missed.append(f"{median:.0f} ms > {page.budget_ms} ms")
        if recorded.queries > page.max_queries:
            missed.append(f"{recorded.queries} queries > {page.max_queries}")
        if sql_median and median / sql_median > MAX_SQL_RATIO:
            missed.append(f"{median / sql_median:.1f}× SQL > {MAX_SQL_RATIO}×")
        result["missed"] = missed
        result["within_budget"] = not missed
    return result


def first_and_last(results: list[dict]) -> list[str]:
    by_key = {r["key"]: r for r in results if r["status"] == "ok"}
    checks = []
    for last_key, first_key in FIRST_AND_LAST:
        last, first = by_key.get(last_key), by_key.get(first_key)
        if not (last and first):
            continue
        verdict = "yes" if last["median_ms"] <= first["median_ms"] * SAME_SPEED_MARGIN else "no"
        checks.append(
            f"{last['title']} no slower than the first page (10 % noise margin): {verdict} "
            f"({last['median_ms']:.1f} ms vs {first['median_ms']:.1f} ms)"
        )
    return checks


def _line(result: dict) -> str:
    if result["status"] != "ok":
        return f"{result['key']:<22} übersprungen: {result['note']}"
    verdict = {True: "im Budget", False: "ÜBER BUDGET", None: ""}[result["within_budget"]]
    return (
        f"{result['key']:<22} median {result['median_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms"
        f"  {result['queries']:2d} Abfragen  SQL {result['sql_median_ms']:6.1f} ms"
        f"  ×{result['sql_ratio']:.1f}  {verdict} {'; '.join(result['missed'])}"
    )
