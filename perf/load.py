"""Loading generated rows fast: COPY on PostgreSQL, ``bulk_create`` in batches elsewhere.

No ``save()``, no signals: synthetic data gets no django-simple-history rows (a million
"created" history entries would double the load time and the database size, and describe no
real change by anyone). ``search_text`` is filled by the generator exactly as ``save()`` would.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection

from perf.rows import Rows

COPY_CHUNK = 50_000
BULK_BATCH = 2_000

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


_TIMESTAMP_TEXT: dict[dt.datetime, str] = {}


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):  # every row carries the same two timestamps
        text = _TIMESTAMP_TEXT.get(value)
        if text is None:
            text = _TIMESTAMP_TEXT[value] = value.isoformat()
        return text
    return value.isoformat()


def _chunks(rows: Iterable[tuple], size: int):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _copy(rows: Rows) -> int:
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(rows.table), ", ".join(quote(c) for c in rows.db_columns)
    )
    count = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows.rows, COPY_CHUNK):
            text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in chunk)
            cursor.copy_expert(sql, io.StringIO(text))
            count += len(chunk)
    return count


def _bulk_create(rows: Rows) -> int:
    manager = rows.model._base_manager
    count = 0
    for chunk in _chunks(rows.rows, BULK_BATCH):
        manager.bulk_create(
            [rows.model(**dict(zip(rows.columns, row, strict=True))) for row in chunk],
            batch_size=BULK_BATCH,
        )
        count += len(chunk)
    return count


@contextmanager
def postgresql_bulk_mode(tables: list[Rows]):
    """PostgreSQL's own advice for populating a database, inside the caller's transaction:
    drop the foreign keys and secondary indexes of the loaded tables, load, then rebuild them.

    One set-based check per foreign key and one sorted build per index are far cheaper than a
    million deferred trigger checks and incremental index updates. Primary keys and unique
    constraints stay in place. DDL is transactional in PostgreSQL: if anything fails, the
    rollback restores every constraint and index as it was.
    """
    if connection.vendor != "postgresql":
        yield
        return
    names = list(dict.fromkeys(rows.table for rows in tables))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [names],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
            "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [names],
        )
        indexes = cursor.fetchall()
        # Rows written earlier in this transaction may still owe their deferred foreign-key
        # checks, and PostgreSQL cannot alter a table while they do: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def load(tables: list[Rows]) -> dict[str, int]:
    """Insert every table's rows in order; returns the number of rows per table."""
    counts = {}
    for rows in tables:
        if connection.vendor == "postgresql":
            counts[rows.table] = _copy(rows)
        else:
            counts[rows.table] = _bulk_create(rows)
    return counts


def reset_sequences(tables: list[Rows]) -> None:
    """Rows were inserted with explicit ids: move each id sequence past the highest one."""
    models = list(dict.fromkeys(rows.model for rows in tables if rows.has_pk))
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze(tables: list[Rows]) -> float:
    """Fresh planner statistics (and, outside a transaction on PostgreSQL, a VACUUM that sets
    the visibility map so index-only scans work right away). Returns the seconds it took."""
    started = time.perf_counter()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
        elif connection.in_atomic_block:
            for table in dict.fromkeys(rows.table for rows in tables):
                cursor.execute(f"ANALYZE {quote(table)}")
        else:
            for table in dict.fromkeys(rows.table for rows in tables):
                cursor.execute(f"VACUUM (ANALYZE) {quote(table)}")
    return time.perf_counter() - started
