"""events.encounters: who met whom, derived from participations, in one query."""

import pytest

from core.approxdate import ApproxDate
from events.encounters import (
    as_encounters,
    encounter_graph,
    organisation_encounters,
    person_encounters,
)
from events.models import Event, Participation
from tests.factories import (
    make_event,
    make_organisation,
    make_participation,
    make_person,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing():
    """Two mayors sign in Kōriyama; a guest from a company watches; someone else elsewhere."""
    essen = make_organisation(name="Stadt Essen", country="DE")
    koriyama = make_organisation(name="Stadt Kōriyama", aliases="Koriyama", country="JP")
    company = make_organisation(name="Müller GmbH", country="DE")
    kufen = make_person(given_name="Thomas", family_name="Kufen", honorific="")
    shinahara = make_person(given_name="Katsuyoshi", family_name="Shinahara")
    guest = make_person(given_name="Anna", family_name="Müller")
    loner = make_person(given_name="Ole", family_name="Allein")
    energy = make_topic(name="Erneuerbare Energien", slug="energie")
    event = make_event(
        start="ca. 2017", title="Unterzeichnung in Kōriyama", city="Kōriyama", country="JP"
    )
    event.topics.add(energy)
    make_participation(event, kufen, essen, role=Participation.Role.SIGNATORY)
    # A second role of the same person at the same event must not duplicate rows.
    make_participation(event, kufen, essen, role=Participation.Role.SPEAKER)
    make_participation(event, shinahara, koriyama, role=Participation.Role.SIGNATORY)
    make_participation(event, guest, company, role=Participation.Role.GUEST)
    other = make_event(start="2019-05-02", title="Anderswo", country="DE")
    make_participation(other, loner)
    return locals()


def test_people_who_met_at_the_same_event(signing, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = as_encounters(person_encounters(person=signing["kufen"]))
    assert [(r.person, r.met, r.met_for) for r in rows] == [
        ("Thomas Kufen", "Anna Müller", "Müller GmbH"),
        ("Thomas Kufen", "Katsuyoshi Shinahara", "Stadt Kōriyama"),
    ]
    first = rows[0]
    assert first.date == ApproxDate.parse("ca. 2017")
    assert first.place == "Kōriyama"
    assert first.as_json()["date"] == "2017"


def test_nobody_meets_themselves_or_people_elsewhere(signing):
    rows = as_encounters(person_encounters())
    assert all(r.person != r.met for r in rows)
    assert "Ole Allein" not in {r.person for r in rows} | {r.met for r in rows}
    # three people at one event: 3 * 2 directed pairs
    assert len(rows) == 6


def test_organisations_meet_through_their_people(signing):
    rows = as_encounters(organisation_encounters(organisation=signing["essen"]))
    assert sorted(r.met for r in rows) == ["Müller GmbH", "Stadt Kōriyama"]


def test_organisation_alone_takes_part():
    city = make_organisation(name="Stadt A")
    chamber = make_organisation(name="IHK B")
    event = make_event()
    make_participation(event, organisation=city, role=Participation.Role.HOST)
    make_participation(event, organisation=chamber)
    assert [r.met for r in as_encounters(organisation_encounters(organisation=city))] == ["IHK B"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "JP"}, 2),
        ({"country": "DE"}, 0),
        ({"topic": "energie"}, 2),
        ({"topic": "nichts"}, 0),
        ({"year_from": 2017, "year_to": 2017}, 2),
        ({"year_from": 2018}, 0),
        ({"year_to": 2016}, 0),
        ({"q": "muller"}, 1),
        ({"q": "SHINAHARA"}, 1),
    ],
)
def test_filters(signing, filters, expected):
    assert person_encounters(person=signing["kufen"], **filters).count() == expected


def test_topic_by_id(signing):
    topic = signing["energy"]
    assert person_encounters(person=signing["kufen"], topic=str(topic.pk)).count() == 2


def test_met_organisation_filter(signing):
    rows = person_encounters(person=signing["kufen"], met_organisation=signing["koriyama"])
    assert [r.met for r in as_encounters(rows)] == ["Katsuyoshi Shinahara"]


def test_cancelled_and_planned_events_are_no_encounters(signing):
    Event.objects.filter(pk=signing["event"].pk).update(status=Event.Status.CANCELLED)
    assert person_encounters().count() == 0
    Event.objects.filter(pk=signing["event"].pk).update(status=Event.Status.PLANNED)
    assert person_encounters().count() == 0


def test_dates_order_rows_unknown_last():
    a, b = make_person(), make_person()
    for start, title in [(None, "ohne Datum"), ("2020-02", "Februar"), ("2018-11-16", "Tag")]:
        event = make_event(start=start, title=title)
        make_participation(event, a)
        make_participation(event, b)
    events = [r.event for r in as_encounters(person_encounters(person=a))]
    assert events == ["Tag", "Februar", "ohne Datum"]
    assert as_encounters(person_encounters(person=a))[-1].as_json()["date"] is None


def test_graph_weights_edges_by_shared_events(django_assert_num_queries):
    a, b, c = make_person(), make_person(), make_person()
    for _ in range(3):
        event = make_event()
        make_participation(event, a)
        make_participation(event, b)
    event = make_event()
    make_participation(event, a)
    make_participation(event, c)
    with django_assert_num_queries(1):
        graph = encounter_graph("person")
    weights = {(e["source"], e["target"]): e["weight"] for e in graph["edges"]}
    assert weights == {(a.pk, b.pk): 3, (a.pk, c.pk): 1}
    assert {n["id"] for n in graph["nodes"]} == {a.pk, b.pk, c.pk}
    assert graph["truncated"] is False
    assert encounter_graph("person", limit=1)["truncated"] is True


def test_several_roles_and_several_people_give_one_row_each():
    """No SELECT DISTINCT: repeats are avoided by keeping one participation per party."""
    city, firm = make_organisation(name="Stadt X"), make_organisation(name="Firma Y")
    mayor, deputy, boss = make_person(), make_person(), make_person()
    event = make_event()
    for role in (Participation.Role.HOST, Participation.Role.SPEAKER, Participation.Role.GUEST):
        make_participation(event, mayor, city, role=role)
    make_participation(event, deputy, city)
    make_participation(event, boss, firm, role=Participation.Role.SPEAKER)
    make_participation(event, boss, firm, role=Participation.Role.SIGNATORY)
    people = person_encounters()
    assert "DISTINCT" not in str(people.query).upper()
    assert people.count() == 6  # three people, each pair in both directions, once
    assert organisation_encounters().count() == 2  # Stadt X <-> Firma Y, once each way
    assert person_encounters(person=mayor, organisation=city).count() == 2
    assert person_encounters(person=boss, met_organisation=city).count() == 2
    assert organisation_encounters(organisation=firm, person=boss).count() == 1


def test_acting_for_another_organisation_is_found_by_the_organisation_filter():
    first, second = make_organisation(), make_organisation()
    someone, other = make_person(), make_person()
    event = make_event()
    make_participation(event, someone, first, role=Participation.Role.GUEST)
    make_participation(event, someone, second, role=Participation.Role.SPEAKER)
    make_participation(event, other)
    assert person_encounters(person=someone, organisation=second).count() == 1
    assert person_encounters(person=someone).count() == 1
