"""The history page ("Verlauf") is German, shows the changes of the record's participants
and sources as "field: old → new", and never "None"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from tests.factories import (
    inline_forms,
    make_agreement,
    make_organisation,
    make_participation,
    make_person,
    make_source,
)

pytestmark = pytest.mark.django_db

EVENT = {
    "title": "Netzwerkabend", "kind": "network", "status": "held",
    "start": "16.11.2018", "start_precision": "day", "end_precision": "unknown",
    "city": "Essen", "country": "DE",
}  # fmt: skip


@pytest.fixture
def event(editor_client):
    kanno, city = make_person(family_name="Kanno"), make_organisation(name="Stadt Koriyama")
    data = EVENT | inline_forms(
        "participations", [{"person": kanno.pk, "organisation": city.pk, "role": "guest"}]
    )
    assert editor_client.post(reverse("admin:events_event_add"), data).status_code == 302
    event = Event.objects.get()
    row = event.participations.get()
    source = make_source(publisher="WAZ", title="Gäste aus Japan")
    changed = EVENT | {"title": "Netzwerkabend Japan", "sources": [source.pk]}
    changed |= inline_forms(
        "participations",
        [{"id": row.pk, "event": event.pk, "person": kanno.pk, "organisation": city.pk,
          "role": "speaker", "role_title": "Vizebürgermeister"}],
        initial=1,
    )  # fmt: skip
    url = reverse("admin:events_event_change", args=[event.pk])
    assert editor_client.post(url, changed).status_code == 302
    return event


def test_the_history_is_german_and_shows_participants_and_sources(editor_client, event):
    page = editor_client.get(reverse("admin:events_event_history", args=[event.pk]))
    content = page.content.decode()
    assert "Verlauf: Netzwerkabend Japan" in content
    for german in ("Datum/Uhrzeit", "Geändert von", "Änderungen", "angelegt", "geändert"):
        assert german in content
    assert "Titel:</strong> Netzwerkabend&nbsp;&rarr;&nbsp;Netzwerkabend Japan" in content
    assert "Quellen:</strong> —&nbsp;&rarr;&nbsp;WAZ: Gäste aus Japan" in content
    assert "Teilnahme: " in content
    assert "Rolle:</strong> Gast&nbsp;&rarr;&nbsp;Redner/in" in content
    assert "Funktion damals:</strong> —&nbsp;&rarr;&nbsp;Vizebürgermeister" in content
    assert "Person:</strong> —&nbsp;&rarr;&nbsp;Vorname" in content  # the row as it was added
    assert "editor" in content
    for english in ("None", "Changes", "Changed by", "Object", "Comment"):
        assert english not in content


def test_a_removed_participant_shows_as_deleted(editor_client, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    row = event.participations.get()
    data = EVENT | {"title": event.title} | inline_forms(
        "participations",
        [{"id": row.pk, "event": event.pk, "person": row.person_id, "role": "speaker",
          "DELETE": "on"}],
        initial=1,
    )  # fmt: skip
    assert editor_client.post(url, data).status_code == 302
    content = editor_client.get(reverse("admin:events_event_history", args=[event.pk])).content
    assert "gelöscht".encode() in content
    assert b"None" not in content


def test_agreement_history_shows_its_parties(editor_client):
    agreement = make_agreement(parties=[make_organisation(name="Stadt Essen"), make_organisation()])
    page = editor_client.get(reverse("admin:partnerships_agreement_history", args=[agreement.pk]))
    content = page.content.decode()
    assert "Vertragspartei oder Unterzeichner/in: Stadt Essen" in content
    assert "None" not in content


def test_history_queries_do_not_grow_with_participants(editor_client, event):
    url = reverse("admin:events_event_history", args=[event.pk])
    editor_client.get(url)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for _ in range(5):
        make_participation(event=event, person=make_person(), organisation=make_organisation())
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url)
    assert len(many) == len(few)
