"""The staff admin: editors record whole delegations, events and agreements; managers only look;
every page stays within a fixed number of queries however many rows exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Participation
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person
from tests.factories import (
    inline_forms,
    make_affiliation,
    make_agreement,
    make_delegation,
    make_delegation_member,
    make_event,
    make_organisation,
    make_participation,
    make_person,
    make_signatory,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "people/organisation", "people/person", "people/affiliation", "people/topic", "people/source",
    "partnerships/delegation", "partnerships/delegationmember", "partnerships/agreement",
    "partnerships/agreementparticipant", "events/event", "events/participation",
]  # fmt: skip


def test_editor_records_a_delegation_with_members(editor_client, editor):
    kufen, boschem = make_person(family_name="Kufen"), make_person(family_name="Boschem")
    essen = make_organisation(name="Stadt Essen")
    data = {
        "title": "Essener Delegation nach Japan", "direction": "outgoing",
        "origin_country": "DE", "origin_city": "Essen", "destination_country": "JP",
        "destination_city": "Koriyama", "start": "2019-09-02", "start_precision": "day",
        "end_precision": "unknown", "head_count_label": "", "purpose": "Kooperation vertiefen",
    }  # fmt: skip
    data |= inline_forms(
        "members",
        [
            {"person": kufen.pk, "organisation": essen.pk, "role": "leader", "role_title": "OB"},
            {"person": boschem.pk, "role": "member", "role_title": "Geschäftsführer"},
        ],
    )
    data |= inline_forms("events", [])
    response = editor_client.post(reverse("admin:partnerships_delegation_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else response
    )
    delegation = Delegation.objects.get()
    assert [m.person for m in Delegation.objects.with_leaders().get().leaders] == [kufen]
    assert delegation.members.count() == 2
    assert str(delegation.start_date) == "2. Sept. 2019"
    assert delegation.history.get().history_user == editor


def test_editor_records_an_event_with_participants(editor_client):
    kanno, city = make_person(family_name="Kanno"), make_organisation(name="Stadt Koriyama")
    data = {
        "title": "Unterzeichnung IUC", "kind": "signing", "status": "held",
        "start": "2018-11-16", "start_precision": "day", "end_precision": "unknown",
        "city": "Essen", "country": "DE",
    }  # fmt: skip
    data |= inline_forms(
        "participations",
        [
            {"person": kanno.pk, "organisation": city.pk, "role": "signatory", "role_title": "VBM"},
            {"organisation": city.pk, "role": "guest"},
        ],
    )
    response = editor_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.participations.count() == 2


def test_editor_records_an_agreement_with_parties_and_signatories(editor_client):
    essen, koriyama = make_organisation(name="Stadt Essen"), make_organisation(name="Koriyama")
    kufen, kanno = make_person(family_name="Kufen"), make_person(family_name="Kanno")
    data = {
        "title": "IUC-Projektvereinbarung", "kind": "iuc", "status": "active",
        "signed_on": "2018-11-16", "signed_on_precision": "day",
        "valid_from_precision": "unknown", "valid_until_precision": "unknown",
    }  # fmt: skip
    data |= inline_forms(
        "participants",
        [
            {"role": "party", "organisation": essen.pk},
            {"role": "party", "organisation": koriyama.pk},
            {"role": "signatory", "person": kufen.pk, "organisation": essen.pk,
             "role_title": "Oberbürgermeister"},
            {"role": "signatory", "person": kanno.pk, "organisation": koriyama.pk,
             "role_title": "Vizebürgermeister"},
        ],
    )  # fmt: skip
    response = editor_client.post(reverse("admin:partnerships_agreement_add"), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.participants.filter(role="party").count() == 2
    signatories = agreement.participants.filter(role="signatory")
    assert {(s.person, s.organisation) for s in signatories} == {(kufen, essen), (kanno, koriyama)}


def test_agreement_needs_two_parties(editor_client):
    data = {
        "title": "Nur eine Partei", "kind": "mou", "status": "active",
        "signed_on_precision": "unknown", "valid_from_precision": "unknown",
        "valid_until_precision": "unknown",
    }  # fmt: skip
    data |= inline_forms(
        "participants", [{"role": "party", "organisation": make_organisation().pk}]
    )
    response = editor_client.post(reverse("admin:partnerships_agreement_add"), data)
    assert response.status_code == 200
    assert not Agreement.objects.exists()


def test_bad_date_in_the_admin_is_explained_and_nothing_saved(editor_client):
    data = {
        "title": "Ohne Datum", "kind": "meeting", "status": "held",
        "start_precision": "day", "end_precision": "unknown",
    }  # fmt: skip
    data |= inline_forms("participations", [])
    response = editor_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    assert "braucht ein Datum" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("model", MODELS)
def test_manager_sees_the_admin_read_only(manager_client, model):
    app, name = model.split("/")
    assert manager_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    assert manager_client.get(reverse(f"admin:{app}_{name}_add")).status_code == 403


def test_manager_cannot_change_or_delete(manager_client):
    organisation = make_organisation(name="Stadt Essen")
    change = reverse("admin:people_organisation_change", args=[organisation.pk])
    page = manager_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert manager_client.post(change, {"name": "Gekapert"}).status_code == 403
    delete = reverse("admin:people_organisation_delete", args=[organisation.pk])
    assert manager_client.post(delete, {"post": "yes"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Stadt Essen"


def test_outsider_and_anonymous_are_kept_out(outsider_client, client):
    url = reverse("admin:people_person_changelist")
    assert outsider_client.get(url).status_code == 302
    assert client.get(url).status_code == 302


def test_history_records_the_acting_user(editor_client, editor):
    person = make_person(family_name="Boschem")
    url = reverse("admin:people_person_change", args=[person.pk])
    data = {"family_name": "Boschem", "given_name": "Andre", "legal_basis": "public"}
    data |= inline_forms("affiliations", [])
    assert editor_client.post(url, data).status_code == 302
    latest = person.history.latest()
    assert latest.history_user == editor and latest.given_name == "Andre"
    history_page = editor_client.get(reverse("admin:people_person_history", args=[person.pk]))
    assert "editor" in history_page.content.decode()


def test_search_ignores_accents_and_case(manager_client):
    make_organisation(name="Stadt Kōriyama")
    make_person(given_name="Jürgen", family_name="Müller")
    orgs = manager_client.get(reverse("admin:people_organisation_changelist"), {"q": "KORIYAMA"})
    assert "Stadt Kōriyama" in orgs.content.decode()
    people = manager_client.get(reverse("admin:people_person_changelist"), {"q": "muller"})
    assert "Müller" in people.content.decode()


# --- query budgets ---------------------------------------------------------------------------


def _populate(n):
    topic, source = make_topic(), make_source()
    parent = make_organisation()
    delegation = make_delegation()
    for _ in range(n):
        organisation = make_organisation(parent=parent)
        organisation.sectors.add(topic)
        person = make_person()
        person.sources.add(source)
        make_affiliation(person=person, organisation=organisation, role_title="Leitung")
        make_delegation_member(delegation=delegation, person=person, organisation=organisation)
        event = make_event(delegation=delegation)
        event.topics.add(topic)
        make_participation(event=event, person=person, organisation=organisation)
        agreement = make_agreement(parties=[organisation, parent])
        make_signatory(agreement, person=person, party=organisation)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_queries_do_not_grow_with_rows(manager_client, model):
    app, name = model.split("/")
    url = reverse(f"admin:{app}_{name}_changelist")
    _populate(2)
    few = _count(manager_client, url)
    _populate(8)
    assert _count(manager_client, url) == few


@pytest.mark.parametrize(
    ("model", "owner"),
    [
        ("partnerships_delegation", lambda: Delegation.objects.get()),
        ("partnerships_agreement", lambda: Agreement.objects.order_by("pk").last()),
        ("events_event", lambda: Event.objects.order_by("pk").last()),
        ("people_person", lambda: Person.objects.order_by("pk").last()),
        ("people_organisation", lambda: Organisation.objects.order_by("pk").first()),
    ],
)
def test_change_page_queries_do_not_grow_with_inline_rows(editor_client, model, owner):
    _populate(1)
    target = owner()
    url = reverse(f"admin:{model}_change", args=[target.pk])
    few = _count(editor_client, url)
    # Give the same record many more inline rows of every kind.
    for _ in range(6):
        person, organisation = make_person(), make_organisation()
        if isinstance(target, Event):
            make_participation(event=target, person=person, organisation=organisation)
        elif isinstance(target, Agreement):
            make_signatory(target, person=person, party=organisation)
        elif isinstance(target, Delegation):
            make_delegation_member(delegation=target, person=person, organisation=organisation)
            make_event(delegation=target)
        elif isinstance(target, Person):
            make_affiliation(person=target, organisation=organisation)
        else:
            make_affiliation(person=person, organisation=target)
    assert _count(editor_client, url) == few
    assert Participation.objects.exists()
