"""Writes ``bench`` measures besides the pages: each one runs and is rolled back."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from directory.merge import merge
from people.models import Person
from perf import timing
from perf.pages import MERGE_MS, Subjects


class _RolledBack(Exception):
    pass


def measure_merge(subjects: Subjects, runs: int) -> dict:
    """Merging the busiest person into a new record of the same name (every participation,
    function, membership and signature moves), ``runs`` times, each rolled back."""
    result = {
        "key": "merge_busiest", "title": "Merge: the busiest person into a namesake (rolled back)",
        "url": None, "status": "skipped", "note": "", "budget_ms": MERGE_MS, "max_queries": None,
        "within_budget": None, "missed": [],
    }  # fmt: skip
    if subjects.busiest_person is None:
        result["note"] = "the data holds no record for this page"
        return result
    times, queries = [], 0
    for _ in range(runs):
        busiest = Person.objects.get(pk=subjects.busiest_person)
        try:
            with transaction.atomic():
                twin = Person.objects.create(
                    given_name=busiest.given_name, family_name=busiest.family_name
                )
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    merge(twin, busiest, {})
                    times.append((time.perf_counter() - started) * 1000)
                queries = len(captured)
                raise _RolledBack
        except _RolledBack:
            pass
    median = timing.median(times)
    result.update(
        status="ok", runs=runs, median_ms=round(median, 2), p95_ms=round(max(times), 2),
        queries=queries, statements_rerun=0, sql_median_ms=0.0, sql_ratio=0.0, bytes=0,
    )  # fmt: skip
    result["missed"] = [f"{median:.0f} ms > {MERGE_MS} ms"] if median > MERGE_MS else []
    result["within_budget"] = not result["missed"]
    return result
