"""A meeting or visit note keeps one held event in step with it (events.meetings): same day
and subject, one participation per partner-side row; it follows every change and goes with
the note."""

import datetime as dt

import pytest
from django.urls import reverse

from activity.maintain import rebuild
from events.encounters import person_encounters
from events.meetings import sync_meeting_event
from events.models import Event, Participation
from people.models import Involvement
from tests.activity.state import stored
from tests.factories import make_note, make_note_participant, make_organisation, make_person

pytestmark = pytest.mark.django_db


def the_event(note) -> Event:
    return Event.objects.get(contact_note=note)


def test_the_event_follows_the_note():
    a, b, city = make_person(), make_person(), make_organisation()
    note = make_note(kind="visit", subject="Besuch im Rathaus", people=[a])
    event = the_event(note)
    assert (event.title, event.start, event.status, event.kind) == (
        "Besuch im Rathaus", dt.date(2024, 3, 5), Event.Status.HELD, Event.Kind.MEETING
    )  # fmt: skip
    row = make_note_participant(note=note, person=b, organisation=city, role_title="Leiterin")
    assert set(
        event.participations.values_list("person", "organisation", "role", "role_title")
    ) == {
        (a.pk, None, Involvement.Role.GUEST, ""),
        (b.pk, city.pk, Involvement.Role.GUEST, "Leiterin"),
    }
    row.role_title = "Amtsleiterin"
    row.save()
    assert event.participations.get(person=b).role_title == "Amtsleiterin"
    note.date, note.subject = dt.date(2025, 6, 1), "Gegenbesuch"
    note.save()
    event.refresh_from_db()
    assert (event.title, event.start) == ("Gegenbesuch", dt.date(2025, 6, 1))
    row.delete()
    assert list(event.participations.values_list("person", flat=True)) == [a.pk]
    assert Event.objects.count() == 1


def test_no_event_without_a_meeting_or_a_partner_and_none_left_behind():
    call = make_note(kind="call", people=[make_person()])
    empty = make_note(kind="meeting")
    assert not Event.objects.exists()
    meeting = make_note(kind="meeting", people=[make_person(), make_person()])
    assert Event.objects.count() == 1
    meeting.delete()
    assert not Event.objects.exists() and not Participation.objects.exists()
    assert sync_meeting_event(call) is None and sync_meeting_event(empty) is None


def test_the_derived_tables_and_encounters_stay_right():
    a, b = make_person(), make_person()
    note = make_note(kind="meeting", people=[a, b], date=dt.date(2023, 9, 1))
    assert [(r["who_id"], r["met_id"]) for r in person_encounters(person=a)] == [(a.pk, b.pk)]
    maintained = stored()
    rebuild()
    assert stored() == maintained
    note.delete()
    maintained = stored()
    rebuild()
    assert stored() == maintained


def test_the_timeline_shows_the_note_once(manager_client):
    person = make_person()
    make_note(kind="meeting", subject="Arbeitsgespräch", people=[person, make_person()])
    page = manager_client.get(reverse("people:person_detail", args=[person.pk]))
    texts = [entry.text for entry in page.context["timeline"]]
    assert texts.count("Arbeitsgespräch") == 1


def test_the_event_admin_points_to_the_note(editor_client):
    note = make_note(kind="meeting", people=[make_person()])
    url = reverse("admin:events_event_change", args=[the_event(note).pk])
    page = editor_client.get(url).content.decode()
    assert "folgt einer Gesprächsnotiz" in page
    assert reverse("admin:contacts_contactnote_change", args=[note.pk]) in page
