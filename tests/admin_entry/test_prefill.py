"""A participant's organisation and role title come from the person's function at the date."""

import pytest
from django.urls import reverse

from core.approxdate import ApproxDate
from events.models import Event
from partnerships.models import Agreement
from people.affiliations import affiliation_at
from tests.factories import (
    inline_forms,
    make_affiliation,
    make_event,
    make_organisation,
    make_person,
)

pytestmark = pytest.mark.django_db

URL = "admin:people_affiliation_at"


def role(person, organisation, title, since=None, until=None):
    dates = {}
    for field, text in (("since", since), ("until", until)):
        value = ApproxDate.parse(text)
        dates |= {field: value.value, f"{field}_precision": value.precision}
    return make_affiliation(person, organisation, role_title=title, **dates)


@pytest.fixture
def kufen():
    person = make_person(family_name="Kufen")
    essen = make_organisation(name="Stadt Essen")
    rwe = make_organisation(name="RWE")
    role(person, essen, "Oberbürgermeister", since="2015-10-21", until="2025-10-31")
    role(person, rwe, "Berater", since="2026")
    return person, essen, rwe


def test_the_function_held_on_the_day(kufen):
    person, essen, rwe = kufen
    import datetime as dt

    assert affiliation_at(person, dt.date(2018, 11, 16)).organisation == essen
    assert affiliation_at(person, dt.date(2026, 12, 31)).organisation == rwe
    assert affiliation_at(person, dt.date(2010, 1, 1)) is None
    assert affiliation_at(person.pk, None).organisation == rwe  # the one without an end


def test_endpoint_answers_editors(editor_client, kufen):
    person, essen, _rwe = kufen
    response = editor_client.get(reverse(URL), {"person": person.pk, "date": "16.11.2018"})
    assert response.json() == {
        "organisation_id": essen.pk,
        "organisation_label": "Stadt Essen",
        "role_title": "Oberbürgermeister",
    }
    nothing = editor_client.get(reverse(URL), {"person": person.pk, "date": "2010-01-01"})
    assert nothing.json()["organisation_id"] is None


def test_endpoint_refuses_bad_input_and_managers(editor_client, manager_client, kufen):
    person = kufen[0]
    assert editor_client.get(reverse(URL), {"person": "x"}).status_code == 400
    bad_date = editor_client.get(reverse(URL), {"person": person.pk, "date": "31.02.2018"})
    assert bad_date.status_code == 400
    assert manager_client.get(reverse(URL), {"person": person.pk}).status_code == 403


def _event_data(**rows):
    data = {
        "title": "Unterzeichnung IUC", "kind": "signing", "status": "held",
        "start": "16.11.2018", "start_precision": "day", "end_precision": "unknown",
        "city": "Essen", "country": "DE",
    }  # fmt: skip
    return data


def test_saving_fills_the_empty_fields_only(editor_client, kufen):
    person, essen, rwe = kufen
    other = make_person(family_name="Kanno")
    role(other, rwe, "Vorstand", since="2010")
    data = _event_data() | inline_forms(
        "participations",
        [
            {"person": person.pk, "role": "guest"},
            {"person": other.pk, "organisation": essen.pk, "role": "guest", "role_title": "Gast"},
        ],
    )
    response = editor_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    rows = {p.person: p for p in Event.objects.get().participations.all()}
    assert (rows[person].organisation, rows[person].role_title) == (essen, "Oberbürgermeister")
    assert (rows[other].organisation, rows[other].role_title) == (essen, "Gast")  # as typed


def test_the_page_brings_the_script_and_the_address(editor_client):
    event = make_event()
    page = editor_client.get(reverse("admin:events_event_change", args=[event.pk])).content
    assert b"js/involvement-prefill.js" in page
    assert f'data-affiliation-url="{reverse(URL)}"'.encode() in page
    assert b'data-occasion-date="id_start"' in page


def test_a_signatory_gets_the_party_from_the_function(editor_client, kufen):
    person, essen, _rwe = kufen
    koriyama = make_organisation(name="Koriyama")
    data = {
        "title": "IUC-Projektvereinbarung", "kind": "iuc", "status": "active",
        "signed_on": "16.11.2018", "signed_on_precision": "day",
        "valid_from_precision": "unknown", "valid_until_precision": "unknown",
    }  # fmt: skip
    data |= inline_forms(
        "participants",
        [
            {"role": "party", "organisation": essen.pk},
            {"role": "party", "organisation": koriyama.pk},
            {"role": "signatory", "person": person.pk},
        ],
    )
    response = editor_client.post(reverse("admin:partnerships_agreement_add"), data)
    assert response.status_code == 302
    signatory = Agreement.objects.get().participants.get(role="signatory")
    assert (signatory.organisation, signatory.role_title) == (essen, "Oberbürgermeister")
