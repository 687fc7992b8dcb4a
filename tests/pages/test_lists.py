"""The five list pages and the encounters list: filters, sorting, count, CSV, query counts."""

import csv
import io

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import make_agreement, make_event, make_organisation, make_person
from tests.pages.world import add_rows, build_world
from tests.trust.urls_catalog import LIST_PAGES

pytestmark = pytest.mark.django_db


def rows_of(response) -> list:
    return list(response.context["rows"])


def titles(response, attribute="title") -> list[str]:
    return [getattr(row, attribute) for row in rows_of(response)]


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def world():
    return build_world(size=3)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_login_required(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_login_without_role_is_refused(outsider_client, name):
    assert outsider_client.get(reverse(name)).status_code == 403
    assert outsider_client.get(reverse(name), {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("name", LIST_PAGES)
def test_editors_read_too(editor_client, name):
    assert editor_client.get(reverse(name)).status_code == 200


# --- organisations ---


def test_organisation_search_ignores_accents_and_case(manager_client, world):
    url = reverse("people:organisation_list")
    assert titles(manager_client.get(url, {"q": "KORIYAMA"}), "name") == ["Stadt Kōriyama"]
    assert titles(manager_client.get(url, {"q": "kōri"}), "name") == ["Stadt Kōriyama"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "city"}, ["Stadt Essen", "Stadt Kōriyama"]),
        ({"country": "JP"}, ["Stadt Kōriyama"]),
        ({"topic": "energie"}, ["Stadt Essen"]),
    ],
)
def test_organisation_filters(manager_client, world, params, expected):
    response = manager_client.get(reverse("people:organisation_list"), params)
    assert titles(response, "name") == expected
    assert response.context["count"] == len(expected)


def test_organisation_filters_by_parent_and_person(manager_client, world):
    url = reverse("people:organisation_list")
    response = manager_client.get(url, {"organisation": world["essen"].pk})
    assert titles(response, "name") == ["Universitätsklinikum Essen"]
    assert response.context["chips"][0]["name"] == "Stadt Essen"
    response = manager_client.get(url, {"person": world["muller"].pk})
    assert titles(response, "name") == ["Universitätsklinikum Essen"]


def test_topic_by_id_works_like_slug(manager_client, world):
    url = reverse("people:organisation_list")
    by_id = titles(manager_client.get(url, {"topic": world["energy"].pk}), "name")
    assert by_id == titles(manager_client.get(url, {"topic": "energie"}), "name")


def test_organisation_sort_by_country_descending(manager_client, world):
    response = manager_client.get(reverse("people:organisation_list"), {"sort": "-country"})
    assert titles(response, "name")[0] == "Stadt Kōriyama"
    assert response.context["sort_options"]["country"]["descending"] is True


# --- people ---


def test_person_search_finds_mueller_as_muller(manager_client, world):
    response = manager_client.get(reverse("people:person_list"), {"q": "muller"})
    assert titles(response, "family_name") == ["Müller"]


def test_person_filters(manager_client, world):
    url = reverse("people:person_list")
    by_org = manager_client.get(url, {"organisation": world["koriyama"].pk})
    assert titles(by_org, "family_name") == ["Shinahara"]
    by_country = manager_client.get(url, {"country": "JP"})
    assert titles(by_country, "family_name") == ["Shinahara"]
    in_2018 = manager_client.get(url, {"year_from": 2018, "year_to": 2018})
    assert titles(in_2018, "family_name") == ["Kufen", "Müller", "Shinahara"]
    by_topic = manager_client.get(url, {"topic": "energie"})
    assert titles(by_topic, "family_name") == ["Kufen"]


# --- delegations and agreements ---


def test_delegation_filters(manager_client, world):
    url = reverse("partnerships:delegation_list")
    trip = "Delegationsreise nach Kōriyama"
    assert titles(manager_client.get(url, {"country": "JP"})) == [trip]
    assert titles(manager_client.get(url, {"q": "koriyama"})) == [trip]
    assert titles(manager_client.get(url, {"direction": "incoming"})) == []
    assert titles(manager_client.get(url, {"topic": "energie"})) == [trip]
    assert titles(manager_client.get(url, {"person": world["muller"].pk})) == [trip]
    assert titles(manager_client.get(url, {"organisation": world["clinic"].pk})) == [trip]
    assert titles(manager_client.get(url, {"year_from": 2018})) == [trip]
    # The extra delegations are dated by quarter ("2010-Q2" …): a quarter counts for its year.
    assert len(titles(manager_client.get(url, {"year_from": 2010, "year_to": 2012}))) == 3


def test_agreement_period_finds_approximate_dates(manager_client, world):
    """A filter for 2020 finds the supplement signed "ca. 2020"."""
    url = reverse("partnerships:agreement_list")
    response = manager_client.get(url, {"year_from": 2020, "year_to": 2020})
    assert titles(response) == ["Zusatzvereinbarung Medizintechnik"]


def test_agreements_with_a_japanese_partner(manager_client, world):
    response = manager_client.get(reverse("partnerships:agreement_list"), {"country": "JP"})
    assert titles(response) == [
        "Zusatzvereinbarung Medizintechnik",
        "Memorandum of Understanding Essen–Kōriyama",
    ]


def test_agreement_filters(manager_client, world):
    url = reverse("partnerships:agreement_list")
    assert titles(manager_client.get(url, {"kind": "supplement"})) == [
        "Zusatzvereinbarung Medizintechnik"
    ]
    assert titles(manager_client.get(url, {"status": "expired"})) == []
    assert titles(manager_client.get(url, {"person": world["mayor"].pk})) == [
        "Memorandum of Understanding Essen–Kōriyama"
    ]
    # A partner's name finds its agreements, spelled without the macron.
    assert len(titles(manager_client.get(url, {"q": "koriyama"}))) == 2
    assert len(titles(manager_client.get(url, {"organisation": world["essen"].pk}))) == 5
    assert len(titles(manager_client.get(url, {"topic": "medizin"}))) == 4


# --- events ---


def test_event_filters(manager_client, world):
    url = reverse("events:event_list")
    signing = "Unterzeichnung in Kōriyama"
    assert titles(manager_client.get(url, {"kind": "signing"})) == [signing]
    assert titles(manager_client.get(url, {"country": "JP"})) == [signing]
    assert titles(manager_client.get(url, {"q": "UNTERZEICHNUNG KORIYAMA"})) == [signing]
    assert titles(manager_client.get(url, {"person": world["mayor"].pk})) == [signing]
    assert titles(manager_client.get(url, {"organisation": world["koriyama"].pk})) == [signing]
    assert titles(manager_client.get(url, {"delegation": world["trip"].pk})) == [signing]
    assert titles(manager_client.get(url, {"status": "planned"})) == []
    assert len(titles(manager_client.get(url, {"topic": "medizin"}))) == 3


def test_event_sort_oldest_first_and_by_title(manager_client, world):
    url = reverse("events:event_list")
    newest_first = titles(manager_client.get(url))
    assert newest_first[0] == "Unterzeichnung in Kōriyama"
    assert titles(manager_client.get(url, {"sort": "date"})) == newest_first[::-1]
    assert titles(manager_client.get(url, {"sort": "title"})) == sorted(newest_first)


# --- encounters ---


def test_encounter_list_for_a_person_in_japan(manager_client, world):
    response = manager_client.get(
        reverse("events:encounter_list"),
        {"person": world["kufen"].pk, "country": "JP", "view": "occasions"},
    )
    rows = rows_of(response)
    assert sorted(r.met for r in rows) == ["Katsuyoshi Shinahara", "Prof. Dr. Jörg Müller"]
    assert {str(r.date) for r in rows} == {"16. Nov. 2018"}
    assert all(r.place == "Stadt Kōriyama, Kōriyama" for r in rows)
    assert "Katsuyoshi Shinahara" in response.content.decode()


def test_encounter_list_for_an_organisation(manager_client, world):
    response = manager_client.get(
        reverse("events:encounter_list"),
        {"organisation": world["koriyama"].pk, "view": "occasions"},
    )
    assert response.context["kind"] == "organisation"
    assert sorted(r.met for r in rows_of(response)) == [
        "Stadt Essen",
        "Universitätsklinikum Essen",
    ]


def test_encounter_csv(manager_client, world):
    response = manager_client.get(
        reverse("events:encounter_list"),
        {"person": world["kufen"].pk, "year_from": 2018, "format": "csv", "view": "occasions"},
    )
    header, *rows = csv_rows(response)
    assert header[:4] == ["Person", "getroffen", "für", "Datum"]
    assert sorted(row[1] for row in rows) == ["Katsuyoshi Shinahara", "Prof. Dr. Jörg Müller"]
    assert {row[3] for row in rows} == {"2018-11-16"}


# --- CSV = exactly the filtered list -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("people:organisation_list", {"country": "DE", "sort": "-name"}),
        ("people:person_list", {"q": "person"}),
        ("partnerships:delegation_list", {"year_to": 2015}),
        ("partnerships:agreement_list", {"organisation": "__koriyama__"}),
        ("events:event_list", {"topic": "medizin", "sort": "title"}),
        ("events:encounter_list", {"person": "__kufen__"}),
    ],
)
def test_csv_holds_exactly_the_filtered_list_on_every_page(
    manager_client, world, name, params, monkeypatch
):
    from core.listing.views import FilteredListView

    params = {
        k: {"__koriyama__": world["koriyama"].pk, "__kufen__": world["kufen"].pk}.get(v, v)
        for k, v in params.items()
    }
    monkeypatch.setattr(FilteredListView, "page_size", 2)  # several pages
    url = reverse(name)
    shown, page = [], None
    for _ in range(20):
        response = manager_client.get(url, {**params, **({"page": page} if page else {})})
        shown.extend(rows_of(response))
        page = response.context["page"].next_token
        if not page:
            break
    count = response.context["count"]
    header, *rows = csv_rows(manager_client.get(url, {**params, "format": "csv"}))
    assert len(rows) == len(shown) == count > 0
    everything = csv_rows(manager_client.get(url, {"format": "csv"}))
    assert len(rows) < len(everything) - 1  # the filter did narrow the list
    assert header == everything[0]


# --- pagination ---


def test_pages_walk_forwards_and_backwards(manager_client, monkeypatch):
    from core.listing.views import FilteredListView

    monkeypatch.setattr(FilteredListView, "page_size", 3)
    for n in range(10):
        make_event(start=None if n % 4 == 0 else f"20{10 + n % 3}-0{1 + n % 5}", title=f"E{n}")
    url = reverse("events:event_list")
    expected = titles(manager_client.get(url, {"format": ""}))  # first page only
    all_titles = [
        e.title for e in Event.objects.all().order_by("-start", "-title", "-id") if e.start
    ] + [e.title for e in Event.objects.filter(start=None).order_by("-title", "-id")]
    assert expected == all_titles[:3]
    forwards, response = [], manager_client.get(url)
    while True:
        forwards.extend(titles(response))
        token = response.context["page"].next_token
        if not token:
            break
        response = manager_client.get(url, {"page": token})
    assert forwards == all_titles
    backwards, response = [], manager_client.get(url, {"page": "last"})
    assert response.context["page"].has_next is False
    while True:
        page_titles = titles(response)
        if not response.context["page"].has_previous:
            # Back at the start, the full first page is shown (pages need not align).
            backwards = page_titles + [t for t in backwards if t not in page_titles]
            break
        backwards = page_titles + backwards
        response = manager_client.get(url, {"page": response.context["page"].previous_token})
    assert backwards == all_titles
    assert titles(response) == all_titles[:3]
    assert response.context["count"] == 10


# --- hostile values ---

HOSTILE = [
    {"organisation": "999999999"},
    {"organisation": "abc"},
    {"organisation": "-5"},
    {"organisation": "99999999999999999999999999"},
    {"person": "0"},
    {"topic": "nicht-da"},
    {"topic": "9" * 30},
    {"country": "XX"},
    {"country": "jp\x00"},
    {"kind": "spaceship"},
    {"status": "<script>"},
    {"direction": "up"},
    {"year_from": "2017-13-45"},
    {"year_from": "99999"},
    {"year_from": "-1"},
    {"year_from": "2020", "year_to": "2010"},
    {"q": "x" * 5000},
    {"q": "Kufen\x00"},
    {"q": "%_\\'\""},
    {"sort": "password"},
    {"sort": "-"},
    {"page": "-1"},
    {"page": "a.!!!"},
    {"page": "a.WzFd"},
    {"page": "b.bnVsbA"},
    {"page": "a." + "A" * 3000},
    {"page": "a.WyJcdTAwMDAiLDFd"},
    {"page": "a.WzFlMzAwLDFd"},
    {"format": "ods"},
    {"format": "csv\x00"},
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_hostile_values_give_a_message_or_nothing_never_500(manager_client, world, name):
    for params in HOSTILE:
        response = manager_client.get(reverse(name), params)
        assert response.status_code == 200, params
        if response.get("Content-Type", "").startswith("text/csv"):
            continue
        context = response.context
        if context["errors"]:
            assert "filter-errors" in response.content.decode(), params
        else:
            # An accepted value that matches nothing (or is ignored) still renders a list.
            assert context["count"] >= 0, params


def test_repeated_parameters_use_the_last_value(manager_client, world):
    url = reverse("people:organisation_list") + "?country=DE&country=JP"
    assert titles(manager_client.get(url), "name") == ["Stadt Kōriyama"]


def test_unknown_id_names_the_filter_and_finds_nothing(manager_client, world):
    response = manager_client.get(reverse("partnerships:agreement_list"), {"organisation": 999})
    assert response.context["count"] == 0
    assert "unbekannt" in response.content.decode()


def test_impossible_year_range_is_explained(manager_client, world):
    response = manager_client.get(
        reverse("events:event_list"), {"year_from": 2020, "year_to": 2010}
    )
    assert response.context["count"] == 0
    assert "liegt nach" in response.content.decode()


# --- query counts do not grow with rows ---


@pytest.mark.parametrize("name", LIST_PAGES)
def test_query_count_does_not_grow_with_rows(manager_client, django_assert_max_num_queries, name):
    world = build_world(size=2)
    with django_assert_max_num_queries(9) as few:
        manager_client.get(reverse(name))
    add_rows(world, 60)  # more rows than a page, with relations on every row
    with django_assert_max_num_queries(9) as many:
        manager_client.get(reverse(name))
    with django_assert_max_num_queries(9):
        manager_client.get(reverse(name), {"page": "last"})
    with django_assert_max_num_queries(9):
        manager_client.get(reverse(name), {"format": "csv"}).getvalue()
    # One extra COUNT query once the list no longer fits on one page, nothing per row.
    assert len(many.captured_queries) <= len(few.captured_queries) + 1


def test_organisation_name_is_unique_per_country_and_list_sorts_by_name(manager_client):
    for name in ("Zeta", "Alpha", "Mitte"):
        make_organisation(name=name)
    make_person(family_name="Solo")
    make_agreement(title="Ohne Datum", signed=None)
    response = manager_client.get(reverse("people:organisation_list"))
    assert titles(response, "name") == ["Alpha", "Mitte", "Zeta"]
    agreements = manager_client.get(reverse("partnerships:agreement_list"))
    assert "Datum unbekannt" in agreements.content.decode()


def test_encounter_count_is_capped(manager_client, monkeypatch):
    from front.views.events import EncounterListView

    monkeypatch.setattr(EncounterListView, "count_limit", 5)
    monkeypatch.setattr(EncounterListView, "page_size", 3)
    build_world(size=3)
    response = manager_client.get(reverse("events:encounter_list"), {"view": "occasions"})
    assert response.context["count_capped"] is True
    assert "mehr als 5 Treffer" in response.content.decode()
    response = manager_client.get(
        reverse("events:encounter_list"),
        {"person": response.context["rows"][0].who_id, "view": "occasions"},
    )
    assert response.context["count_capped"] is False
