"""Every write path keeps the activity tables equal to a rebuild: admin forms with inlines, the
article import, the GDPR erasure, deletion cascades."""

import pytest
from django.urls import reverse

from activity.models import PersonYear
from events.models import Event, Participation
from privacy.services import erase_person
from tests.activity.state import assert_consistent
from tests.articles.helpers import FILES, run_import
from tests.factories import (
    inline_forms,
    make_agreement,
    make_delegation,
    make_delegation_member,
    make_event,
    make_organisation,
    make_participation,
    make_person,
    make_signatory,
)

pytestmark = pytest.mark.django_db


def _event_form(**changes):
    data = {
        "title": "Netzwerkabend", "kind": "network", "status": "held", "start": "2019-09-03",
        "start_precision": "day", "end_precision": "unknown", "head_count_label": "",
        "venue_name": "", "city": "Essen", "country": "DE", "description": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_admin_event_with_hosts_and_participants_then_date_and_status_changes(editor_client):
    essen, ihk = make_organisation(name="Stadt Essen"), make_organisation(name="IHK")
    kufen, other = make_person(), make_person()
    rows = [
        {"person": kufen.pk, "organisation": essen.pk, "role": "host", "role_title": ""},
        {"person": other.pk, "organisation": "", "role": "guest", "role_title": ""},
        {"person": "", "organisation": ihk.pk, "role": "host", "role_title": ""},
    ]
    data = _event_form() | inline_forms("participations", rows)
    response = editor_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get()
    assert set(PersonYear.objects.values_list("person_id", "year", "met_someone")) == {
        (kufen.pk, 2019, True),
        (other.pk, 2019, True),
    }
    assert_consistent()

    saved = list(event.participations.order_by("pk"))
    rows = [
        {"id": p.pk, "event": event.pk, "person": p.person_id or "",
         "organisation": p.organisation_id or "", "role": p.role, "role_title": ""}
        for p in saved
    ]  # fmt: skip
    assert [r["organisation"] for r in rows if r["role"] == "host" and not r["person"]] == [ihk.pk]
    rows[1]["DELETE"] = "on"
    rows[2]["organisation"] = essen.pk  # the host changes from the IHK to the city itself
    data = _event_form(start="2021-02-01", start_precision="month")
    data |= inline_forms("participations", rows, initial=3)
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert set(PersonYear.objects.values_list("person_id", "year", "met_someone")) == {
        (kufen.pk, 2021, False),
    }
    hosts = set(event.participations.filter(role="host").values_list("person", "organisation"))
    assert hosts == {(kufen.pk, essen.pk), (None, essen.pk)}
    assert_consistent()

    rows = [rows[0], rows[2] | {"DELETE": "on"}]  # the organisation alone no longer hosts
    data = _event_form(status="cancelled") | inline_forms("participations", rows, 2)
    assert editor_client.post(url, data).status_code == 302
    assert list(event.participations.values_list("person_id", flat=True)) == [kufen.pk]
    assert_consistent()

    response = editor_client.post(
        reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Event.objects.exists()
    assert_consistent()


def test_delegation_and_agreement_changes_and_cascades():
    essen, koriyama, ihk = (make_organisation() for _ in range(3))
    leader = make_person()
    delegation = make_delegation(
        start="2018-11-15", origin_organisation=koriyama, leader=leader, organisers=[ihk]
    )
    make_delegation_member(delegation, organisation=essen)
    make_delegation_member(delegation, person=make_person(), organisation=koriyama)
    agreement = make_agreement(signed="2019-09-02", parties=[essen, koriyama])
    make_signatory(agreement, person=leader, party=koriyama, role_title="Bürgermeister")
    assert_consistent()
    delegation.start = delegation.start.replace(year=2020)
    delegation.save()
    agreement.signed_on, agreement.signed_on_precision = None, "unknown"
    agreement.save()
    assert_consistent()
    agreement.delete()  # parties and signatories cascade
    delegation.delete()  # members, its leader and organisers included, cascade
    assert_consistent()


def test_participation_moves_between_events_and_people():
    a, b = make_person(), make_person()
    first, second = make_event(start="2017-05-01"), make_event(start="2018-05-01")
    make_participation(first, person=a)
    moving = make_participation(first, person=b)
    assert_consistent()
    moving.event = second
    moving.save()
    assert_consistent()
    moving.person = a
    moving.save()
    assert_consistent()
    Participation.objects.filter(pk=moving.pk).delete()  # a queryset delete sends signals too
    assert_consistent()


def test_article_import_keeps_the_tables_current():
    run_import(*FILES.values())
    assert PersonYear.objects.exists()
    assert_consistent()


def test_erasure_keeps_the_tables_current(editor):
    person, organisation = make_person(), make_organisation()
    make_participation(make_event(start="2019-09-03"), person=person, organisation=organisation)
    make_participation(make_event(start="2019-09-03"), person=make_person(), role_title="OB")
    erase_person(person=person, user=editor, legal_reason="objection")
    assert_consistent()
