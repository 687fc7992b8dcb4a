"""A meeting or visit in the contact log is a held event too: who took part in it met.

The encounters, the activity tables, the graph, the API and the reports read who met whom
from event participations (events.encounters). So each contact note of a meeting kind that
names someone of the partner's side keeps one event of kind "Sitzung/Gespräch" in step with
it: same day and subject, one participation per partner-side row. The note is what staff
edit; the event follows every change and goes when the note goes or stops being a meeting.
Our own staff are user accounts, not directory people, and take part through the note only.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from contacts.models import ContactNote, NoteParticipant
from core.approxdate import Precision
from events.models import Event, Participation
from people.models import Involvement

REASON = "Gesprächsnotiz"  # stored in the history: the same in every UI language
# The note's partner-side roles as event roles ("Gesprächspartner/in" takes part as a guest).
ROLE = {Involvement.Role.CONTACT: Involvement.Role.GUEST}
_being_deleted: set[int] = set()  # notes whose own deletion removes their event


def sync_meeting_event(note: ContactNote) -> Event | None:
    """Bring the note's event in step with the note; returns the event, or None if it has none."""
    event = Event.objects.filter(contact_note=note).first()
    rows = list(note.participants.all()) if note.is_meeting else []
    if not rows:
        if event is not None:
            event._change_reason = REASON
            event.delete()
        return None
    with transaction.atomic():
        event = _event_for(note, event)
        wanted = {}
        for row in rows:
            role = ROLE.get(row.role, row.role)
            wanted.setdefault(_who(row, role), (row.organisation_id, row.role_title))
        for participation in event.participations.all():
            now = wanted.pop(_who(participation, participation.role), None)
            if now is None:
                participation.delete()
            elif now != (participation.organisation_id, participation.role_title):
                participation.organisation_id, participation.role_title = now
                participation.save()
        for (person_id, _org, role), (organisation_id, role_title) in wanted.items():
            Participation.objects.create(
                event=event, person_id=person_id, organisation_id=organisation_id, role=role,
                role_title=role_title,
            )  # fmt: skip
    return event


def _who(row, role) -> tuple:
    """What makes an involvement one row (people.models.involvement_constraints): the person
    and the role, or the organisation alone and the role."""
    return (row.person_id, None if row.person_id else row.organisation_id, role)


def _event_for(note: ContactNote, event: Event | None) -> Event:
    values = {
        "title": note.subject[:250],
        "kind": Event.Kind.MEETING,
        "status": Event.Status.HELD,
        "start": note.date,
        "start_precision": Precision.DAY,
        "start_approx": False,
    }
    if event is None:
        event = Event(contact_note=note, **values)
    elif all(getattr(event, name) == value for name, value in values.items()):
        return event
    else:
        for name, value in values.items():
            setattr(event, name, value)
    event._change_reason = REASON
    event.full_clean()
    event.save()
    return event


def _note_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_meeting_event(instance)


def _participant_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.note_id in _being_deleted:
        return
    note = ContactNote.objects.filter(pk=instance.note_id).first()
    if note is not None:
        sync_meeting_event(note)


def _note_deleting(sender, instance, **kwargs):
    _being_deleted.add(instance.pk)
    event = Event.objects.filter(contact_note=instance).first()
    if event is not None:
        event._change_reason = REASON
        event.delete()


def _note_deleted(sender, instance, **kwargs):
    _being_deleted.discard(instance.pk)


def connect() -> None:
    post_save.connect(_note_saved, sender=ContactNote, dispatch_uid="meetings-note-saved")
    pre_delete.connect(_note_deleting, sender=ContactNote, dispatch_uid="meetings-note-deleting")
    post_delete.connect(_note_deleted, sender=ContactNote, dispatch_uid="meetings-note-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _participant_changed, sender=NoteParticipant, dispatch_uid=f"meetings-{signal}"
        )
