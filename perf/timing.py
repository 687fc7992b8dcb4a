"""Timing one page in-process: its latency, its queries, and the time of those queries alone.

The ratio of the two says how close a page is to what the database itself can do: a page that
takes 40 ms while its SQL takes 35 ms has nothing left to win in Python; one that takes 40 ms
for 4 ms of SQL spends its time in ORM objects or templates.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

_READS = ("SELECT", "WITH", "(SELECT", "EXPLAIN", "VALUES")


@dataclass
class Statement:
    sql: str
    params: object
    many: bool


@dataclass
class Capture:
    status: int
    content: bytes
    queries: int
    statements: list[Statement] = field(default_factory=list)

    @property
    def reads(self) -> list[Statement]:
        """The statements safe to run again: reads, not session writes or savepoints."""
        return [
            s for s in self.statements if not s.many and s.sql.lstrip().upper().startswith(_READS)
        ]


def fetch(client, url: str):
    response = client.get(url)
    if getattr(response, "streaming", False):
        response.content = b"".join(response.streaming_content)
    return response


def capture(client, url: str) -> Capture:
    """One request with every statement recorded (not timed: recording costs time)."""
    statements: list[Statement] = []

    def record(execute, sql, params, many, context):
        statements.append(Statement(sql, params, many))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(record):
        response = fetch(client, url)
    return Capture(response.status_code, response.content, len(queries), statements)


def time_page(client, url: str, runs: int) -> list[float]:
    """Milliseconds per request, ``runs`` times."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fetch(client, url)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_statements(statements: list[Statement], runs: int) -> list[float]:
    """Milliseconds to run the page's own read statements straight through the driver's cursor
    (no ORM, no Django cursor wrapper), fetching every row as the page did."""
    connection.ensure_connection()
    timings = []
    cursor = connection.create_cursor()
    try:
        for _ in range(runs):
            started = time.perf_counter()
            for statement in statements:
                if statement.params is None:
                    cursor.execute(statement.sql)
                else:
                    cursor.execute(statement.sql, statement.params)
                if cursor.description is not None:
                    cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        cursor.close()
    return timings


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
