"""How many rows a list holds, without counting a million rows for one number.

On PostgreSQL a whole table's size is read from the planner's statistics
(``pg_class.reltuples``, kept current by autovacuum/ANALYZE) once the table is big enough that
"ca. 1.000.000" says as much as the exact figure; smaller tables are counted exactly, in the
same statement, so the number of queries does not depend on the data. Other databases count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet

# Tables with at least this many rows (by the statistics) are estimated, not counted.
ESTIMATE_FROM = 10_000


@dataclass(frozen=True)
class RowCount:
    value: int
    estimated: bool = False  # shown as "ca."
    capped: bool = False  # counting stopped at the limit: "more than <limit>"


def _size_columns(model: type[Model], connection) -> str:
    """Two columns: whether the table is estimated, and its size."""
    table = connection.ops.quote_name(model._meta.db_table)
    stats = f"(SELECT c.reltuples FROM pg_class c WHERE c.oid = '{table}'::regclass)"
    # An uncorrelated subquery in a CASE branch runs only if that branch is taken.
    return (
        f"{stats} >= {ESTIMATE_FROM}, "
        f"CASE WHEN {stats} >= {ESTIMATE_FROM} THEN {stats}::bigint "
        f"ELSE (SELECT COUNT(*) FROM {table}) END"
    )


def table_sizes(models: list[type[Model]], using: str = "default") -> dict[type[Model], RowCount]:
    """The number of rows of each model's table, all in one query."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return {model: RowCount(model._default_manager.using(using).count()) for model in models}
    columns = ", ".join(_size_columns(model, connection) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608 - table names from model metadata
        values = cursor.fetchone()
    pairs = zip(values[::2], values[1::2], strict=True)
    return {
        model: RowCount(int(size), estimated=bool(estimated))
        for model, (estimated, size) in zip(models, pairs, strict=True)
    }


def row_count(queryset: QuerySet, limit: int | None = None) -> RowCount:
    """The rows of a list: the table's size if it is unfiltered, else a count that stops
    after ``limit`` + 1 rows (None: exact)."""
    if not queryset.query.where and not queryset.query.distinct:
        return table_sizes([queryset.model], queryset.db)[queryset.model]
    if limit is None:
        return RowCount(queryset.count())
    # Only the rows are counted: selecting no columns spares computing them (names, …).
    counted = queryset.order_by().values("pk")[: limit + 1].count()
    return RowCount(counted, capped=counted > limit)
