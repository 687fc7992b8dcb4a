"""Recompute the activity rows of every person and organisation a write can affect.

Registered in ActivityConfig.ready(). Every handler runs inside the write's transaction (admin
views, formsets, the article import and the erasure are atomic; a bare ``save()`` in autocommit
gets its own savepoint-wrapped recomputation right after the write). Nothing is incremented:
each affected record's rows are recomputed from the source tables (activity.maintain), so a
handler that runs twice, or after another one, leaves the same state.

Which writes matter (the involvement tables and their occasions, events.involvement):

* An involvement (participation, delegation member, agreement or note participant) saved or
  deleted: its person and organisation, old and new. For participations also the other people
  of the event when it has at most two people, because only then can "met someone" flip.
* An occasion whose date, status or origin changed, or which is deleted: everyone involved in
  it (collected before the delete; the cascade's own signals are skipped).
* Deleting a person or organisation deletes its rows (foreign keys with CASCADE).

Saves with ``update_fields`` that name none of the fields a definition reads (the erasure
blanking role titles, for example) are skipped.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from activity.maintain import recompute_organisations, recompute_persons
from contacts.models import ContactNote, NoteParticipant
from events.involvement import AGREEMENT, DELEGATION, EVENT, NOTE, involved_in
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember

UID = "activity"
INVOLVEMENT_FIELDS = ("person_id", "organisation_id")
# Per model: the fields whose change can change a derived row.
WATCHED = {
    Participation: (*INVOLVEMENT_FIELDS, "event_id"),
    DelegationMember: (*INVOLVEMENT_FIELDS, "delegation_id"),
    AgreementParticipant: (*INVOLVEMENT_FIELDS, "agreement_id"),
    NoteParticipant: (*INVOLVEMENT_FIELDS, "note_id"),
    Event: ("start", "status"),
    Delegation: ("start", "origin_organisation_id"),
    Agreement: ("signed_on",),
    ContactNote: ("date",),
}
OCCASIONS = {Event: EVENT, Delegation: DELEGATION, Agreement: AGREEMENT, ContactNote: NOTE}
OLD = "_activity_old"
SKIP = "_activity_skip"
AFFECTED = "_activity_affected"


def _attnames(fields) -> set[str]:
    return {f.removesuffix("_id") for f in fields} | set(fields)


def _remember_old(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: the stored values of the watched fields (None for a new row)."""
    watched = WATCHED[sender]
    if update_fields is not None and not (set(update_fields) & _attnames(watched)):
        setattr(instance, SKIP, True)
        return
    setattr(instance, SKIP, False)
    old = None
    if instance.pk is not None:
        old = sender._base_manager.filter(pk=instance.pk).values(*watched).first()
    setattr(instance, OLD, old)


def _changed(instance) -> tuple[dict, bool]:
    old = getattr(instance, OLD, None)
    if old is None:
        return {}, True
    return old, any(getattr(instance, field) != value for field, value in old.items())


def _people_whose_meeting_may_flip(event_ids) -> set[int]:
    """People of events with at most two people: adding or removing one can change whether
    the others met someone there."""
    by_event: dict[int, set[int]] = {}
    rows = (
        Participation.objects.filter(event_id__in=[e for e in event_ids if e], person__isnull=False)
        .values_list("event_id", "person_id")
        .distinct()
    )
    for event_id, person_id in rows:
        by_event.setdefault(event_id, set()).add(person_id)
    return {p for people in by_event.values() if len(people) <= 2 for p in people}


def _recompute_involvement(instance, old: dict) -> None:
    if isinstance(instance, Participation):  # activity years come from events only
        people = {instance.person_id, old.get("person_id")}
        events = {instance.event_id, old.get("event_id")}
        recompute_persons(people | _people_whose_meeting_may_flip(events))
    recompute_organisations({instance.organisation_id, old.get("organisation_id")})


def involvement_saved(sender, instance, **kwargs):
    if getattr(instance, SKIP, False):
        return
    old, changed = _changed(instance)
    if changed:
        _recompute_involvement(instance, old)


def involvement_deleted(sender, instance, origin=None, **kwargs):
    deleted_with_occasion = (
        origin.model in OCCASIONS
        if isinstance(origin, QuerySet)
        else isinstance(origin, tuple(OCCASIONS))
    )
    if not deleted_with_occasion:
        _recompute_involvement(instance, {})


def _recompute_occasion(instance, people: set[int], organisations: set[int]) -> None:
    # A person's activity years come from events only (activity.sources).
    if isinstance(instance, Event):
        recompute_persons(people)
    recompute_organisations(organisations - {None})


def _involved(instance) -> tuple[set[int], set[int]]:
    return involved_in(OCCASIONS[type(instance)], [instance.pk])


def occasion_saved(sender, instance, **kwargs):
    if getattr(instance, SKIP, False):
        return
    old, changed = _changed(instance)
    if changed:
        people, organisations = _involved(instance)
        _recompute_occasion(instance, people, organisations | {old.get("origin_organisation_id")})


def occasion_deleting(sender, instance, **kwargs):
    setattr(instance, AFFECTED, _involved(instance))


def occasion_deleted(sender, instance, **kwargs):
    _recompute_occasion(instance, *getattr(instance, AFFECTED, (set(), set())))


def connect() -> None:
    for model in WATCHED:
        pre_save.connect(_remember_old, sender=model, dispatch_uid=f"{UID}-old-{model.__name__}")
    handlers = [
        (post_save, model, involvement_saved) for model in WATCHED if model not in OCCASIONS
    ]
    handlers += [
        (post_delete, model, involvement_deleted) for model in WATCHED if model not in OCCASIONS
    ]
    for model in OCCASIONS:
        handlers += [
            (post_save, model, occasion_saved),
            (pre_delete, model, occasion_deleting),
            (post_delete, model, occasion_deleted),
        ]
    for signal, model, handler in handlers:
        uid = f"{UID}-{handler.__name__}-{model.__name__}"
        signal.connect(handler, sender=model, dispatch_uid=uid)
