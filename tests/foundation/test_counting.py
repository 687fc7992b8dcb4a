"""Row counts of list pages and the start page: exact when small, estimated when huge."""

import pytest
from django.db import connection
from django.urls import reverse

from core import counting
from core.counting import RowCount, row_count, table_sizes
from people.models import Organisation, Person
from tests.factories import make_organisation, make_person

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="estimates come from PostgreSQL's statistics"
)


def _analyze(model):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def test_small_tables_are_counted_exactly_in_one_query(django_assert_num_queries):
    for _ in range(3):
        make_person()
    make_organisation()
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        sizes = table_sizes([Person, Organisation])
    assert sizes == {Person: RowCount(3), Organisation: RowCount(1)}


def test_a_filtered_count_stops_after_the_limit():
    for n in range(7):
        make_person(family_name=f"Muster{n}")
    filtered = Person.objects.filter(family_name__startswith="Muster")
    assert row_count(filtered, limit=5) == RowCount(6, capped=True)  # "more than 5"
    assert row_count(filtered, limit=6) == RowCount(7, capped=True)
    assert row_count(filtered, limit=7) == RowCount(7)
    assert row_count(filtered, limit=None) == RowCount(7)
    assert row_count(filtered.filter(family_name="Muster3"), limit=5) == RowCount(1)


@on_postgresql
def test_big_tables_are_estimated_from_the_statistics(monkeypatch):
    for _ in range(30):
        make_person()
    _analyze(Person)
    monkeypatch.setattr(counting, "ESTIMATE_FROM", 20)
    size = table_sizes([Person])[Person]
    assert size.estimated
    assert size.value == 30  # ANALYZE read the whole small table
    assert row_count(Person.objects.all()) == size
    # A filtered list is never estimated.
    assert row_count(Person.objects.filter(family_name="nobody"), limit=10) == RowCount(0)


@on_postgresql
def test_list_and_start_page_say_the_number_is_approximate(manager_client, monkeypatch):
    from front.views.people import PersonListView

    for _ in range(60):
        make_person()
    _analyze(Person)
    monkeypatch.setattr(counting, "ESTIMATE_FROM", 20)
    # An estimate above the filtered lists' limit is still an estimate, not "more than …".
    monkeypatch.setattr(PersonListView, "count_limit", 55)
    html = manager_client.get(reverse("people:person_list")).content.decode()
    assert 'data-count="60"' in html and "ca. 60 Treffer" in html
    assert "mehr als" not in html
    html = manager_client.get(reverse("home")).content.decode()
    assert "ca. 60" in html


def test_a_capped_list_says_more_than(manager_client, monkeypatch):
    from front.views.people import PersonListView

    monkeypatch.setattr(PersonListView, "count_limit", 55)
    for n in range(60):
        make_person(family_name=f"Muster{n:02d}")
    html = manager_client.get(reverse("people:person_list") + "?q=muster").content.decode()
    assert "mehr als 55 Treffer" in html
    html = manager_client.get(reverse("people:person_list") + "?q=muster0").content.decode()
    assert "10 Treffer" in html
