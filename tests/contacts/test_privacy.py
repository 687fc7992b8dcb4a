"""GDPR: the export holds the notes a person took part in; the erasure takes the person out
of them (anonymous participant, role title blanked, name scrubbed from the texts and their
history) and lists the attachments to check by hand."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from contacts.models import ContactNote, NoteParticipant
from events.models import Event
from privacy.services import ERASED_NAME, erase_person, export_person
from tests.factories import make_note, make_note_participant, make_organisation, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def shinahara(editor):
    person = make_person(given_name="Katsuyoshi", family_name="Shinahara")
    city = make_organisation(name="Stadt Kōriyama")
    note = make_note(
        subject="Treffen mit Katsuyoshi Shinahara",
        text="Herr Shinahara schlägt einen Austausch vor.",
        kind="meeting",
        staff=[editor],
    )
    make_note_participant(note=note, person=person, organisation=city, role_title="Bürgermeister")
    return person, note


def test_export_holds_the_notes(shinahara):
    person, note = shinahara
    data = export_person(person=person)
    json.dumps(data, cls=DjangoJSONEncoder)  # serialisable
    involvement = next(i for i in data["involvements"] if i["occasion"] == "note")
    assert involvement["occasion_id"] == note.pk
    assert involvement["title"] == "Treffen mit Katsuyoshi Shinahara"
    assert involvement["date"] == "2024-03-05"
    assert involvement["role_title"] == "Bürgermeister"
    [exported] = data["contact_notes"]
    assert exported["text"] == "Herr Shinahara schlägt einen Austausch vor."
    assert exported["kind_label"] == "Treffen"
    assert exported["staff"] == ["editor"]
    assert data["history"]["note"]  # the participant row's history


def test_other_people_s_notes_are_not_exported(shinahara):
    person, _note = shinahara
    make_note(subject="Ohne ihn", people=[make_person()])
    subjects = [n["subject"] for n in export_person(person=person)["contact_notes"]]
    assert subjects == ["Treffen mit Katsuyoshi Shinahara"]


def test_erasure_takes_the_person_out_of_the_notes(shinahara, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person, note = shinahara
    ContactNote.objects.filter(pk=note.pk).update(attachment="notes/abc.pdf")
    result = erase_person(person=person, user=editor, legal_reason="request")
    note.refresh_from_db()
    # Full names are replaced everywhere; "Herr Shinahara" is listed for a check by hand
    # (the mentions), as in every other free text.
    assert note.subject == f"Treffen mit {ERASED_NAME}"
    row = NoteParticipant.objects.get(note=note)
    assert row.person_id == person.pk and row.role_title == ""  # anonymous, counts stay
    for old in note.history.all():
        assert "Katsuyoshi Shinahara" not in old.subject + old.text
    for old in NoteParticipant.history.filter(note_id=note.pk):
        assert old.role_title == ""
    fields = {(m.model, m.field) for m in result.mentions}
    assert ("contacts.ContactNote", "text") in fields
    assert ("contacts.ContactNote", "attachment") in fields
    # the note's row, and the participation of the meeting's event (events.meetings)
    assert result.record.removed["role_titles"] == 2
    assert Event.objects.get(contact_note=note).title == f"Treffen mit {ERASED_NAME}"


def test_erase_page_counts_the_notes(editor_client, shinahara):
    from django.urls import reverse

    person, _note = shinahara
    html = editor_client.get(reverse("privacy:person_erase", args=[person.pk])).content.decode()
    assert "1 Gesprächsnotiz" in html
