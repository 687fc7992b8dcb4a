"""The encounters page's pair view: each pair once, with count, first and last occasion;
the partner's country; the CSV; the command's --pairs; a constant number of queries."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.approxdate import ApproxDate
from events.encounters import as_pairs, encounter_pairs
from events.models import Event, Participation
from tests.factories import make_event, make_organisation, make_participation, make_person

pytestmark = pytest.mark.django_db

URL = reverse("events:encounter_list")


@pytest.fixture
def story():
    """Three people of three organisations (one Japanese) at six events.

    kufen–sato: e1 (JP, ca. 2017), e2 (DE, 16.11.2018), e6 (JP, 2019)  → 3, ca. 2017 … 2019
    kufen–mueller: e2, e3 (DE, Feb. 2024)                              → 2, 2018 … Feb. 2024
    sato–mueller: e2, e5 (DE, undated)                                 → 2, 2018 … 2018
    e4 is planned (nobody met there).
    """
    essen = make_organisation(name="Stadt Essen", country="DE")
    koriyama = make_organisation(name="Stadt Kōriyama", country="JP")
    ihk = make_organisation(name="IHK Essen", country="DE")
    kufen = make_person(given_name="Thomas", family_name="Kufen")
    sato = make_person(given_name="Aiko", family_name="Satō")
    mueller = make_person(given_name="Jörg", family_name="Müller", honorific="Prof. Dr.")
    e1 = make_event(start="ca. 2017", title="Unterzeichnung", country="JP")
    e2 = make_event(start="2018-11-16", title="Besuch in Essen", country="DE")
    e3 = make_event(start="2024-02", title="Stammtisch", country="DE")
    e4 = make_event(start="2025", title="Geplant", country="DE", status=Event.Status.PLANNED)
    e5 = make_event(start=None, title="Undatiert", country="DE")
    e6 = make_event(start="2019", title="Gegenbesuch", country="JP")
    for event, people in (
        (e1, (kufen, sato)),
        (e2, (kufen, sato, mueller)),
        (e3, (kufen, mueller)),
        (e4, (kufen, sato)),
        (e5, (sato, mueller)),
        (e6, (kufen, sato)),
    ):
        for person in people:
            organisation = {kufen: essen, sato: koriyama, mueller: ihk}[person]
            make_participation(event, person, organisation)
    # A second role at the same event must not count twice.
    make_participation(e1, kufen, essen, role=Participation.Role.SPEAKER)
    return locals()


def triples(pairs) -> list[tuple]:
    return [(p.a, p.b, p.occasions, str(p.first), str(p.last)) for p in pairs]


def test_each_pair_once_with_count_first_and_last(story, django_assert_num_queries):
    with django_assert_num_queries(1):
        pairs = as_pairs(encounter_pairs("person"))
    assert triples(pairs) == [
        ("Thomas Kufen", "Aiko Satō", 3, "ca. 2017", "2019"),
        ("Thomas Kufen", "Prof. Dr. Jörg Müller", 2, "16. Nov. 2018", "Feb. 2024"),
        ("Aiko Satō", "Prof. Dr. Jörg Müller", 2, "16. Nov. 2018", "16. Nov. 2018"),
    ]
    assert pairs[1].first == ApproxDate.parse("2018-11-16") == pairs[2].first == pairs[2].last
    assert pairs[0].first == ApproxDate.parse("ca. 2017")
    assert pairs[0].as_json()["first"] == "2017" and pairs[1].as_json()["last"] == "2024-02"


def test_the_page_shows_each_pair_once(manager_client, story):
    response = manager_client.get(URL)
    assert response.context["view_mode"] == "pairs"
    pairs = list(response.context["rows"])
    ids = [frozenset((p.a_id, p.b_id)) for p in pairs]
    assert len(ids) == len(set(ids)) == 3
    # The per-occasion list, by contrast, has every encounter in both directions.
    occasions = manager_client.get(URL, {"view": "occasions"}).context["rows"]
    assert len(occasions) == 2 * (3 + 2 + 2)
    body = response.content.decode()
    assert "3 Begegnungen" in body and "Aiko Satō" in body


def test_sorted_by_count_or_last_date(manager_client, story):
    by_count = manager_client.get(URL).context["rows"]
    assert [(p.a, p.b) for p in by_count] == [
        ("Thomas Kufen", "Aiko Satō"),
        ("Thomas Kufen", "Prof. Dr. Jörg Müller"),
        ("Aiko Satō", "Prof. Dr. Jörg Müller"),
    ]
    latest = manager_client.get(URL, {"sort": "-last"}).context["rows"]
    assert [str(p.last) for p in latest] == ["Feb. 2024", "2019", "16. Nov. 2018"]
    fewest = manager_client.get(URL, {"sort": "count"}).context["rows"]
    assert [p.occasions for p in fewest] == [2, 2, 3]


def test_occasions_are_one_click_away(manager_client, story):
    for params in ({}, {"partner_country": "JP"}, {"kind": "organisation"}):
        for pair in manager_client.get(URL, params).context["rows"]:
            occasions = manager_client.get(URL + pair.occasions_url).context["rows"]
            assert len(occasions) == pair.occasions, (params, pair)
            assert {frozenset((e.who_id, e.met_id)) for e in occasions} == {
                frozenset((pair.a_id, pair.b_id))
            }


def test_a_persons_pairs_start_from_that_person(manager_client, story):
    rows = manager_client.get(URL, {"person": story["mueller"].pk}).context["rows"]
    assert [(p.a, p.b, p.occasions) for p in rows] == [
        ("Prof. Dr. Jörg Müller", "Thomas Kufen", 2),
        ("Prof. Dr. Jörg Müller", "Aiko Satō", 2),
    ]


def test_partner_country_finds_japanese_partners_met_in_germany(manager_client, story):
    response = manager_client.get(URL, {"partner_country": "JP", "country": "DE"})
    assert triples(response.context["rows"]) == [
        ("Aiko Satō", "Prof. Dr. Jörg Müller", 2, "16. Nov. 2018", "16. Nov. 2018"),
        ("Thomas Kufen", "Aiko Satō", 1, "16. Nov. 2018", "16. Nov. 2018"),
    ]
    # The place's country alone misses the meeting in Essen.
    in_japan = manager_client.get(URL, {"country": "JP"}).context["rows"]
    assert triples(in_japan) == [("Thomas Kufen", "Aiko Satō", 2, "ca. 2017", "2019")]
    occasions = manager_client.get(
        URL, {"partner_country": "JP", "country": "DE", "view": "occasions"}
    ).context["rows"]
    assert sorted((e.person, e.met, e.event) for e in occasions) == [
        ("Prof. Dr. Jörg Müller", "Aiko Satō", "Besuch in Essen"),
        ("Prof. Dr. Jörg Müller", "Aiko Satō", "Undatiert"),
        ("Thomas Kufen", "Aiko Satō", "Besuch in Essen"),
    ]


def test_partner_country_of_organisations(manager_client, story):
    rows = manager_client.get(URL, {"kind": "organisation", "partner_country": "JP"})
    assert triples(rows.context["rows"]) == [
        ("Stadt Essen", "Stadt Kōriyama", 3, "ca. 2017", "2019"),
        ("Stadt Kōriyama", "IHK Essen", 2, "16. Nov. 2018", "16. Nov. 2018"),
    ]


def test_the_home_pages_japan_link_answers_its_question(manager_client, story):
    home = manager_client.get(reverse("home")).content.decode()
    assert f"{URL}?partner_country=JP" in home
    rows = manager_client.get(URL, {"partner_country": "JP"}).context["rows"]
    # Everyone who met the partner from Kōriyama, in Japan and in Essen.
    assert [(p.a, p.b, p.occasions) for p in rows] == [
        ("Thomas Kufen", "Aiko Satō", 3),
        ("Aiko Satō", "Prof. Dr. Jörg Müller", 2),
    ]


def test_pairs_csv(manager_client, story):
    response = manager_client.get(URL, {"format": "csv", "partner_country": "JP"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == ["Person", "getroffen", "Anzahl", "zuerst", "zuletzt"]
    assert rows == [
        ["Thomas Kufen", "Aiko Satō", "3", "2017", "2019"],
        ["Aiko Satō", "Prof. Dr. Jörg Müller", "2", "2018-11-16", "2018-11-16"],
    ]


def test_bad_values_get_a_message(manager_client, story):
    for params in ({"view": "liste"}, {"partner_country": "XX"}, {"met": "abc"}):
        response = manager_client.get(URL, params)
        assert response.status_code == 200
        assert response.context["errors"], params
        assert list(response.context["rows"]) == []


def test_query_count_does_not_grow_with_pairs(manager_client, story, monkeypatch):
    from front.views.events import EncounterListView

    monkeypatch.setattr(EncounterListView, "page_size", 1)  # several pages: the count runs
    params = {"partner_country": "JP", "sort": "-last"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = manager_client.get(URL, params)
            assert response.context["page"].has_next
        return len(captured)

    few = queries()
    guests = [make_person() for _ in range(60)]
    for year in range(2000, 2010):
        event = make_event(start=str(year), country="DE")
        make_participation(event, story["sato"], story["koriyama"])
        for guest in guests[year - 2000 :: 10]:
            make_participation(event, guest, make_organisation())
    many = queries()
    assert few == many, (few, many)
    # session, user, the topic choices of the form, …, the count of pairs and the page itself;
    # on PostgreSQL the time limit's savepoint, SET LOCAL and release (core.time_limit)
    assert few == (9 if connection.vendor == "postgresql" else 6), few
    assert len(manager_client.get(URL, params).context["rows"]) == 1


def test_command_pairs_json(story):
    out = io.StringIO()
    call_command("encounters", "--pairs", "--format", "json", stdout=out)
    items = json.loads(out.getvalue())
    assert all(
        set(i) == {"kind", "a_id", "a", "b_id", "b", "occasions", "first", "last"} for i in items
    )
    assert [(i["a"], i["b"], i["occasions"], i["first"], i["last"]) for i in items] == [
        ("Thomas Kufen", "Aiko Satō", 3, "2017", "2019"),
        ("Thomas Kufen", "Prof. Dr. Jörg Müller", 2, "2018-11-16", "2024-02"),
        ("Aiko Satō", "Prof. Dr. Jörg Müller", 2, "2018-11-16", "2018-11-16"),
    ]
    out = io.StringIO()
    call_command(
        "encounters", "--pairs", "--organisation", "Stadt Kōriyama", "--partner-country", "DE",
        "--country", "DE", "--format", "json", stdout=out,
    )  # fmt: skip
    items = json.loads(out.getvalue())
    assert [(i["kind"], i["a"], i["b"], i["occasions"]) for i in items] == [
        ("organisation", "Stadt Kōriyama", "IHK Essen", 2),
        ("organisation", "Stadt Kōriyama", "Stadt Essen", 1),
    ]
    table = io.StringIO()
    call_command("encounters", "--pairs", "--person", "Kufen", stdout=table)
    assert "3 Paar" not in table.getvalue() and "2 Paar(e)." in table.getvalue()


def test_two_partners_of_the_filtered_country_are_one_pair(manager_client):
    """Both directions match partner_country when both sides come from it: still one row, with
    each name on its own end (not split by the direction in the GROUP BY)."""
    tokyo, osaka = (make_organisation(name=n, country="JP") for n in ("Tokio", "Osaka"))
    kanno = make_person(given_name="Toshikazu", family_name="Kanno")
    hoshi = make_person(given_name="Haruo", family_name="Hoshi")
    for title in ("Workshop", "Empfang"):
        event = make_event(title=title, country="JP")
        make_participation(event, kanno, tokyo)
        make_participation(event, hoshi, osaka)
    for kind, params in (("person", {}), ("organisation", {"kind": "organisation"})):
        rows = manager_client.get(URL, {"partner_country": "JP", **params}).context["rows"]
        assert [(p.a, p.b, p.occasions) for p in rows] == [
            {"person": ("Toshikazu Kanno", "Haruo Hoshi", 2),
             "organisation": ("Tokio", "Osaka", 2)}[kind]
        ], kind  # fmt: skip
