"""Detail pages: what each shows, its links and sources, the editor link, query counts."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tests.factories import make_agreement, make_signatory
from tests.pages.world import add_rows, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(size=2)


def url_for(world, name):
    key = {
        "people:organisation_detail": "essen",
        "people:person_detail": "kufen",
        "partnerships:delegation_detail": "trip",
        "partnerships:agreement_detail": "mou",
        "events:event_detail": "signing",
    }[name]
    return reverse(name, args=[world[key].pk])


DETAILS = [
    "people:organisation_detail",
    "people:person_detail",
    "partnerships:delegation_detail",
    "partnerships:agreement_detail",
    "events:event_detail",
]


def link(name, record) -> str:
    return f'href="{reverse(name, args=[record.pk])}"'


@pytest.mark.parametrize("name", DETAILS)
def test_detail_cites_sources_and_is_for_readers(manager_client, outsider_client, world, name):
    response = manager_client.get(url_for(world, name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="quellen"' in html
    assert 'href="https://x.de/a"' in html  # the source behind what the page shows
    assert "In der Verwaltung bearbeiten" not in html  # managers do not edit
    assert outsider_client.get(url_for(world, name)).status_code == 403


@pytest.mark.parametrize("name", DETAILS)
def test_editors_get_the_admin_link(editor_client, world, name):
    html = editor_client.get(url_for(world, name)).content.decode()
    assert "In der Verwaltung bearbeiten" in html
    assert "/admin/" in html


@pytest.mark.parametrize("name", DETAILS)
def test_unknown_record_is_404(manager_client, world, name):
    assert manager_client.get(reverse(name, args=[987654])).status_code == 404


def test_organisation_page(manager_client, world):
    html = manager_client.get(url_for(world, "people:organisation_detail")).content.decode()
    assert link("people:person_detail", world["kufen"]) in html
    assert "Oberbürgermeister" in html
    assert link("people:organisation_detail", world["clinic"]) in html  # child
    assert link("people:organisation_detail", world["koriyama"]) in html  # partner
    assert link("partnerships:agreement_detail", world["mou"]) in html
    assert link("partnerships:agreement_detail", world["supplement"]) in html
    assert link("partnerships:delegation_detail", world["trip"]) in html
    assert link("events:event_detail", world["signing"]) in html
    assert 'id="zeitleiste"' in html
    assert "ca. 2020" in html  # the supplement's honest date in the timeline


def test_organisation_timeline_is_newest_first(manager_client, world):
    response = manager_client.get(url_for(world, "people:organisation_detail"))
    dates = [entry.date.value for entry in response.context["timeline"] if entry.date.value]
    assert dates == sorted(dates, reverse=True)
    kinds = {str(entry.label) for entry in response.context["timeline"]}
    assert kinds == {"Funktion", "Vereinbarung", "Delegation", "Veranstaltung"}


def test_child_organisation_links_its_parent(manager_client, world):
    html = manager_client.get(
        reverse("people:organisation_detail", args=[world["clinic"].pk])
    ).content.decode()
    assert link("people:organisation_detail", world["essen"]) in html
    assert link("people:person_detail", world["muller"]) in html


def test_person_page(manager_client, world):
    response = manager_client.get(url_for(world, "people:person_detail"))
    html = response.content.decode()
    assert link("people:organisation_detail", world["essen"]) in html
    assert link("events:event_detail", world["signing"]) in html
    assert link("partnerships:delegation_detail", world["trip"]) in html
    assert link("partnerships:agreement_detail", world["mou"]) in html
    # whom he met, when and where
    assert link("people:person_detail", world["mayor"]) in html
    met = {e.met for e in response.context["met"]}
    assert {"Katsuyoshi Shinahara", "Prof. Dr. Jörg Müller"} <= met
    organisations = {row["organisation_name"] for row in response.context["organisations_met"]}
    assert {"Stadt Kōriyama", "Universitätsklinikum Essen"} <= organisations
    assert "Stadt Essen" not in organisations  # only he acted for Essen there


def test_delegation_page(manager_client, world):
    html = manager_client.get(url_for(world, "partnerships:delegation_detail")).content.decode()
    assert "14. Nov. 2018 – 18. Nov. 2018" in strip_tags(html)
    assert "Kōriyama" in html and "Japan" in html
    assert link("people:person_detail", world["kufen"]) in html  # leader and member
    assert link("people:person_detail", world["muller"]) in html
    assert link("people:organisation_detail", world["clinic"]) in html
    assert link("events:event_detail", world["signing"]) in html  # programme


def test_agreement_page(manager_client, world):
    html = manager_client.get(url_for(world, "partnerships:agreement_detail")).content.decode()
    assert link("people:organisation_detail", world["essen"]) in html
    assert link("people:organisation_detail", world["koriyama"]) in html
    assert link("people:person_detail", world["mayor"]) in html
    assert "Bürgermeister" in html
    assert link("partnerships:agreement_detail", world["supplement"]) in html  # chain
    assert link("events:event_detail", world["signing"]) in html
    assert "aktiv" in html
    assert "kein Dokument hinterlegt" in html


def test_supplement_shows_the_chain(manager_client, world):
    deeper = make_agreement(title="Zweite Ergänzung", supplements=world["supplement"])
    response = manager_client.get(reverse("partnerships:agreement_detail", args=[deeper.pk]))
    assert [a.title for a in response.context["chain"]] == [
        "Memorandum of Understanding Essen–Kōriyama",
        "Zusatzvereinbarung Medizintechnik",
        "Zweite Ergänzung",
    ]


def test_event_page(manager_client, world):
    response = manager_client.get(url_for(world, "events:event_detail"))
    html = response.content.decode()
    roles = [group.role for group in response.context["by_role"]]
    assert "Unterzeichner/in" in [str(r) for r in roles]
    assert link("people:person_detail", world["mayor"]) in html
    assert link("people:organisation_detail", world["koriyama"]) in html  # host and venue
    assert link("partnerships:delegation_detail", world["trip"]) in html
    assert link("partnerships:agreement_detail", world["mou"]) in html


@pytest.mark.parametrize("name", DETAILS)
def test_detail_query_count_does_not_grow_with_rows(
    manager_client, django_assert_max_num_queries, name
):
    world = build_world(size=2)
    url = url_for(world, name)
    with django_assert_max_num_queries(20) as few:
        manager_client.get(url)
    add_rows(world, 25)
    # More of everything for Essen and Kufen; on the delegation, event and agreement pages
    # more participants, members and signatories.
    for org, person, event, _agreement, _delegation in world["extra"]:
        world["mou"].signing_events.add(event)
        world["trip"].members.create(person=person, organisation=org)
        world["signing"].participations.create(person=person, organisation=org)
        make_signatory(world["mou"], person=person, party=org)
    with django_assert_max_num_queries(20) as many:
        manager_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_event_page_reads_seven_queries_with_many_participants(
    manager_client, django_assert_num_queries
):
    """Session, user, roles, event, its hosts/agreements/topics, participants, sources."""
    world = build_world(size=2)
    add_rows(world, 25)
    for org, person, *_ in world["extra"]:
        world["signing"].participations.create(person=person, organisation=org)
        world["signing"].participations.create(organisation=org, role="organiser")
    with django_assert_num_queries(7):
        response = manager_client.get(url_for(world, "events:event_detail"))
    html = response.content.decode()
    for org, person, *_ in world["extra"]:
        assert link("people:person_detail", person) in html
        assert link("people:organisation_detail", org) in html
