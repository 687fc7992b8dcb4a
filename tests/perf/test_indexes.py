"""The performance indexes exist on PostgreSQL, serve the queries they were made for, and are
a no-op on SQLite.

The full-text indexes are GIN indexes over the stored ``search_document`` column that
core.search.StoredDocument reads (see partnerships/migrations/0003_search_text.py).
"""

import pytest
from django.db import connection
from django.db.models import F

from core.search import names_q, search_q
from events.models import Event
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person

SEARCHABLE = [Person, Organisation, Event, Agreement, Delegation]
TRIGRAM_INDEXES = [f"{model._meta.model_name}_search_trgm" for model in SEARCHABLE]
FULL_TEXT_INDEXES = ["event_fulltext_idx", "agreement_fulltext_idx", "delegation_fulltext_idx"]
DROPPED_INDEXES = [
    "event_title_folded_trgm", "event_venue_name_folded_trgm", "event_city_folded_trgm",
    "agreement_title_folded_trgm", "delegation_title_folded_trgm",
    "delegation_destination_city_folded_trgm", "delegation_origin_city_folded_trgm",
]  # fmt: skip
SORT_INDEXES = ["event_list_date_idx", "delegation_list_date_idx", "agreement_list_date_idx"]

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")


def plan(queryset, *disabled: str) -> str:
    """The plan PostgreSQL picks with the given plan types ruled out (``enable_<type> = off``);
    on an empty test table it would otherwise always scan the table."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for kind in disabled:
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        text = "\n".join(row[0] for row in cursor.fetchall())
        for kind in disabled:
            cursor.execute(f"RESET enable_{kind}")
    return text


def search_plan(queryset) -> str:
    return plan(queryset.order_by(), "seqscan", "indexscan")


def order_plan(queryset) -> str:
    return plan(queryset, "seqscan", "sort")


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_sqlite_gets_none_of_the_postgresql_indexes():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    assert not index_names() & {*TRIGRAM_INDEXES, *FULL_TEXT_INDEXES, *SORT_INDEXES}


@postgresql_only
@pytest.mark.django_db
def test_indexes_exist():
    assert {*TRIGRAM_INDEXES, *FULL_TEXT_INDEXES, *SORT_INDEXES} <= index_names()
    assert not index_names() & set(DROPPED_INDEXES)


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("model", SEARCHABLE)
def test_name_search_uses_the_trigram_index(model):
    index = f"{model._meta.model_name}_search_trgm"
    assert index in search_plan(model.objects.filter(names_q("Müller")))


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("model", [Event, Agreement, Delegation])
def test_search_uses_the_trigram_and_the_full_text_index(model):
    """Names or full text: one bitmap OR over both indexes, the expression never per row."""
    name = model._meta.model_name
    text = search_plan(model.objects.filter(search_q(model, "Wasserstoff Müller")))
    assert f"{name}_search_trgm" in text, text
    assert f"{name}_fulltext_idx" in text, text
    assert "Seq Scan" not in text, text


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "date", "index"),
    [
        (Event, "start", "event_list_date_idx"),
        (Delegation, "start", "delegation_list_date_idx"),
        (Agreement, "signed_on", "agreement_list_date_idx"),
    ],
)
def test_newest_first_lists_read_their_index(model, date, index):
    newest_first = model.objects.order_by(
        F(date).desc(nulls_last=True), F("title").desc(), F("id").asc()
    )[:51]
    oldest_first = model.objects.order_by(
        F(date).asc(nulls_first=True), F("title").asc(), F("id").desc()
    )[:51]
    assert index in order_plan(newest_first)
    assert index in order_plan(oldest_first)
