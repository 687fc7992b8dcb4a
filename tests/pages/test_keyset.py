"""core.listing.keyset: every row exactly once, in order, in both directions, with NULLs."""

import pytest

from core.listing.keyset import BadPage, build_ordering, decode, encode, paginate
from events.encounters import person_encounters
from events.models import Event
from tests.factories import make_event, make_participation, make_person

pytestmark = pytest.mark.django_db


def walk(queryset, ordering, size):
    seen, page = [], paginate(queryset, ordering, "", size)
    while True:
        seen.extend(page.rows)
        if not page.next_token:
            return seen
        page = paginate(queryset, ordering, page.next_token, size)


def walk_back(queryset, ordering, size):
    page = paginate(queryset, ordering, "last", size)
    seen = list(page.rows)
    while page.has_previous:
        page = paginate(queryset, ordering, page.previous_token, size)
        seen = page.rows + [row for row in seen if row not in page.rows]
    return seen


@pytest.fixture
def events():
    dates = [None, "2018", "2018-11", "2018-11-16", None, "2018-11-16", "ca. 2017", "2020-Q1"]
    return [make_event(start=d, title=f"T{n % 3}") for n, d in enumerate(dates * 2)]


@pytest.mark.parametrize(
    "columns",
    [["start", "title"], ["-start", "title"], ["title", "-start"], ["-title"], ["-id"]],
)
@pytest.mark.parametrize("size", [1, 3, 5, 100])
def test_walk_matches_plain_ordering(events, columns, size):
    queryset = Event.objects.all()
    ordering = build_ordering(queryset, columns, ["id"])
    expected = list(queryset.order_by(*ordering.order_by()))
    assert len(expected) == 16
    assert walk(queryset, ordering, size) == expected
    assert walk_back(queryset, ordering, size) == expected
    # NULLs last in either direction.
    if columns[0].lstrip("-") == "start":
        assert [e.start is None for e in expected][-4:] == [True] * 4


def test_encounter_rows_page_too():
    people = [make_person() for _ in range(4)]
    for n in range(5):
        event = make_event(start=None if n == 2 else f"201{n}")
        for person in people:
            make_participation(event, person)
    queryset = person_encounters()
    ordering = build_ordering(
        queryset, ["event_start", "event_title"], ["event_id", "who_id", "met_id", "met_for_id"]
    )
    expected = list(queryset.order_by(*ordering.order_by()))
    assert len(expected) == 5 * 4 * 3
    assert walk(queryset, ordering, 7) == expected
    assert walk_back(queryset, ordering, 7) == expected


def test_token_round_trip(events):
    ordering = build_ordering(Event.objects.all(), ["start", "title"], ["id"])
    event = events[3]
    assert decode(encode([event.start, event.title, event.pk]), ordering) == [
        event.start,
        event.title,
        event.pk,
    ]


@pytest.mark.parametrize(
    "page",
    ["x", "a.", "a.%%%", "c.WzFd", "a." + encode([1, 2]), "a." + encode(["kein Datum", "t", 1]),
     "a." + encode([None, "t\x00", 1]), "a." + encode([None, "t", 10**30]),
     "a." + encode([None, "t", {"x": 1}]), "a." + "A" * 5000],
)  # fmt: skip
def test_bad_tokens_are_refused(events, page):
    ordering = build_ordering(Event.objects.all(), ["start", "title"], ["id"])
    with pytest.raises(BadPage):
        paginate(Event.objects.all(), ordering, page, 5)


def test_last_page_query_has_no_offset(events, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ordering = build_ordering(Event.objects.all(), ["-start"], ["id"])
    with CaptureQueriesContext(connection) as queries:
        paginate(Event.objects.all(), ordering, "last", 5)
    assert len(queries) == 1
    assert "OFFSET" not in queries[0]["sql"].upper()
    assert "LIMIT 6" in queries[0]["sql"].upper()
