"""Keeping the activity tables equal to their definition (activity.sources).

Two ways, both set-based and idempotent:

* ``recompute_persons(ids)`` / ``recompute_organisations(ids)``: delete those records' rows
  and insert them again from the source tables (``INSERT … SELECT``), inside the caller's
  transaction. activity.signals calls them on every write that can change them.
* ``rebuild()``: empty the tables and insert everything in three statements
  (``manage.py refresh_activity``, and ``seed_demo`` after its bulk load, which bypasses
  signals).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Max, QuerySet

from activity.models import OrganisationContact, OrganisationYear, PersonYear
from activity.sources import person_year_rows
from events.involvement import contact_rows
from people.models import Organisation, Person

CHUNK = 2000  # ids per statement (SQLite allows at most 32,766 parameters)
TABLES = (PersonYear, OrganisationYear, OrganisationContact)


def _insert(model, columns: list[str], select_sql: str, params) -> int:
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) {}".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns), select_sql
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _insert_queryset(model, columns: list[str], queryset: QuerySet) -> int:
    sql, params = queryset.query.sql_with_params()
    return _insert(model, columns, sql, params)


def _insert_contacts(organisations: list[int] | None) -> int:
    first, *others = contact_rows(organisations=organisations)
    union_sql, params = first.union(*others, all=True).query.sql_with_params()
    select = (
        "SELECT contact_org, contact_year, MAX(contact_date) "  # noqa: S608 - no user input
        f"FROM ({union_sql}) contacts GROUP BY contact_org, contact_year"
    )
    return _insert(OrganisationYear, ["organisation_id", "year", "last_contact"], select, params)


def _insert_last_contacts(organisations: list[int] | None) -> int:
    years = OrganisationYear.objects.all()
    if organisations is not None:
        years = years.filter(organisation_id__in=organisations)
    latest = years.order_by().values("organisation_id").annotate(last=Max("last_contact"))
    return _insert_queryset(OrganisationContact, ["organisation_id", "last_contact"], latest)


def _chunks(ids: Iterable[int]):
    ordered = sorted({i for i in ids if i is not None})
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _lock(model, ids: list[int]) -> None:
    """Serialise concurrent recomputations of the same records (PostgreSQL row locks, in id
    order; ``NO KEY UPDATE`` does not block inserts that reference the row)."""
    if connection.features.has_select_for_update:
        list(
            model.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def recompute_persons(ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        with transaction.atomic():
            _lock(Person, chunk)
            PersonYear.objects.filter(person_id__in=chunk).delete()
            _insert_queryset(
                PersonYear, ["person_id", "year", "met_someone"], person_year_rows(chunk)
            )


def recompute_organisations(ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        with transaction.atomic():
            _lock(Organisation, chunk)
            OrganisationContact.objects.filter(organisation_id__in=chunk).delete()
            OrganisationYear.objects.filter(organisation_id__in=chunk).delete()
            _insert_contacts(chunk)
            _insert_last_contacts(chunk)


def rebuild() -> dict:
    """Recompute every row from the source tables; returns row counts and seconds."""
    started = time.perf_counter()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(quote(m._meta.db_table) for m in TABLES)
            # Rows written earlier in this transaction may still owe their deferred foreign-key
            # checks, and PostgreSQL cannot truncate a table while they do: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"TRUNCATE {tables}")
        else:
            for model in TABLES:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
        rows = {
            PersonYear._meta.db_table: _insert_queryset(
                PersonYear, ["person_id", "year", "met_someone"], person_year_rows()
            ),
            OrganisationYear._meta.db_table: _insert_contacts(None),
            OrganisationContact._meta.db_table: _insert_last_contacts(None),
        }
        for model in TABLES:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
    vacuum()
    return {"rows": rows, "seconds": round(time.perf_counter() - started, 1)}


def vacuum() -> None:
    """PostgreSQL, outside a transaction only: VACUUM sets the visibility map of the freshly
    filled tables, so the dashboard's counts are index-only right away (a no-op otherwise;
    rebuild() has analysed them already)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in TABLES:
            cursor.execute(f"VACUUM {quote(model._meta.db_table)}")
