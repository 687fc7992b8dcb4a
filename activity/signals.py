"""Recompute the activity rows of every person and organisation a write can affect.

Registered in ActivityConfig.ready(). Every handler runs inside the write's transaction (admin
views, formsets, the article import and the erasure are atomic; a bare ``save()`` in autocommit
gets its own savepoint-wrapped recomputation right after the write). Nothing is incremented:
each affected record's rows are recomputed from the source tables (activity.maintain), so a
handler that runs twice, or after another one, leaves the same state.

Which writes matter:

* Participation: its person and organisation (old and new ones); the other people of its
  event(s) when the event has at most two people, because only then can "met someone" flip.
* Event: start or status changed → its participants and hosts; deleted → the same (collected
  before the delete, the cascade's own signals are skipped); hosts added/removed/cleared.
* Delegation: start or origin changed → origin, organisers, member organisations; deleted →
  the same; organisers added/removed/cleared. DelegationMember: its organisation(s).
* Agreement: signing date changed → its parties; deleted → the same. AgreementParty: its
  organisation(s).
* Deleting a person or organisation deletes its rows (foreign keys with CASCADE).

Saves with ``update_fields`` that name none of the fields a definition reads (the erasure
blanking role titles, for example) are skipped.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from activity.maintain import recompute_organisations, recompute_persons
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParty, Delegation, DelegationMember

UID = "activity"
# Per model: the fields whose change can change a derived row.
WATCHED = {
    Participation: ("person_id", "organisation_id", "event_id"),
    Event: ("start", "status"),
    Delegation: ("start", "origin_organisation_id"),
    Agreement: ("signed_on",),
    AgreementParty: ("organisation_id", "agreement_id"),
    DelegationMember: ("organisation_id", "delegation_id"),
}
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


def _changed(instance) -> tuple[dict | None, bool]:
    old = getattr(instance, OLD, None)
    if old is None:
        return None, True
    return old, any(getattr(instance, field) != value for field, value in old.items())


def _skip(instance) -> bool:
    return getattr(instance, SKIP, False)


def _from_parent(origin, *parents) -> bool:
    """Deleted as part of deleting a parent whose own handler recomputes everything."""
    if isinstance(origin, QuerySet):
        return origin.model in parents
    return isinstance(origin, parents)


# --- people of events ---------------------------------------------------------------------


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


def _event_people_and_organisations(event_ids) -> tuple[set[int], set[int]]:
    people, organisations = set(), set()
    rows = Participation.objects.filter(event_id__in=event_ids).values_list(
        "person_id", "organisation_id"
    )
    for person_id, organisation_id in rows:
        people.add(person_id)
        organisations.add(organisation_id)
    organisations.update(
        Event.hosts.through.objects.filter(event_id__in=event_ids).values_list(
            "organisation_id", flat=True
        )
    )
    return people - {None}, organisations - {None}


def _delegation_organisations(delegation: Delegation) -> set[int]:
    ids = {delegation.origin_organisation_id}
    ids.update(
        Delegation.organisers.through.objects.filter(delegation_id=delegation.pk).values_list(
            "organisation_id", flat=True
        )
    )
    ids.update(
        DelegationMember.objects.filter(delegation_id=delegation.pk).values_list(
            "organisation_id", flat=True
        )
    )
    return ids - {None}


def _agreement_organisations(agreement: Agreement) -> set[int]:
    return set(
        AgreementParty.objects.filter(agreement_id=agreement.pk).values_list(
            "organisation_id", flat=True
        )
    )


# --- participations -------------------------------------------------------------------------


def participation_saved(sender, instance, **kwargs):
    if _skip(instance):
        return
    old, changed = _changed(instance)
    if not changed:
        return
    old = old or {}
    people = {instance.person_id, old.get("person_id")}
    events = {instance.event_id, old.get("event_id")}
    recompute_persons(people | _people_whose_meeting_may_flip(events))
    recompute_organisations({instance.organisation_id, old.get("organisation_id")})


def participation_deleted(sender, instance, origin=None, **kwargs):
    if _from_parent(origin, Event):
        return
    recompute_persons({instance.person_id} | _people_whose_meeting_may_flip({instance.event_id}))
    recompute_organisations({instance.organisation_id})


# --- events -------------------------------------------------------------------------------


def event_saved(sender, instance, **kwargs):
    if _skip(instance):
        return
    _old, changed = _changed(instance)
    if changed:
        people, organisations = _event_people_and_organisations([instance.pk])
        recompute_persons(people)
        recompute_organisations(organisations)


def event_deleting(sender, instance, **kwargs):
    setattr(instance, AFFECTED, _event_people_and_organisations([instance.pk]))


def event_deleted(sender, instance, **kwargs):
    people, organisations = getattr(instance, AFFECTED, (set(), set()))
    recompute_persons(people)
    recompute_organisations(organisations)


# --- delegations ----------------------------------------------------------------------------


def delegation_saved(sender, instance, **kwargs):
    if _skip(instance):
        return
    old, changed = _changed(instance)
    if not changed:
        return
    if old is None or old["start"] != instance.start:
        affected = _delegation_organisations(instance)
    else:
        affected = {instance.origin_organisation_id}
    if old is not None:
        affected.add(old["origin_organisation_id"])
    recompute_organisations(affected)


def organisation_link_saved(sender, instance, **kwargs):
    """A delegation member or an agreement party: its organisation (old and new) changed."""
    if _skip(instance):
        return
    old, changed = _changed(instance)
    if changed:
        recompute_organisations({instance.organisation_id, (old or {}).get("organisation_id")})


def organisation_link_deleted(parent: type):
    """Handler for a member/party deleted on its own (not with its ``parent``)."""

    def deleted(sender, instance, origin=None, **kwargs):
        if not _from_parent(origin, parent):
            recompute_organisations({instance.organisation_id})

    return deleted


def organisations_deleting(collect):
    """pre_delete of a delegation or agreement: remember whose contacts it carried."""

    def deleting(sender, instance, **kwargs):
        setattr(instance, AFFECTED, collect(instance))

    return deleting


def organisations_deleted(sender, instance, **kwargs):
    recompute_organisations(getattr(instance, AFFECTED, set()))


# --- agreements -----------------------------------------------------------------------------


def agreement_saved(sender, instance, **kwargs):
    if _skip(instance):
        return
    _old, changed = _changed(instance)
    if changed:
        recompute_organisations(_agreement_organisations(instance))


# --- many-to-many: event hosts, delegation organisers ----------------------------------------


def organisations_linked(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed of Event.hosts and Delegation.organisers, from either side."""
    if action == "pre_clear":
        if not reverse:
            field = "hosts" if sender is Event.hosts.through else "organisers"
            ids = set(getattr(instance, field).values_list("pk", flat=True))
            setattr(instance, AFFECTED + "_m2m", ids)
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # instance is the organisation
        recompute_organisations({instance.pk})
    elif action == "post_clear":
        recompute_organisations(getattr(instance, AFFECTED + "_m2m", set()))
    else:
        recompute_organisations(pk_set or ())


def connect() -> None:
    for model in WATCHED:
        pre_save.connect(_remember_old, sender=model, dispatch_uid=f"{UID}-old-{model.__name__}")
    handlers = [
        (post_save, Participation, participation_saved),
        (post_delete, Participation, participation_deleted),
        (post_save, Event, event_saved),
        (pre_delete, Event, event_deleting),
        (post_delete, Event, event_deleted),
        (post_save, Delegation, delegation_saved),
        (pre_delete, Delegation, organisations_deleting(_delegation_organisations)),
        (post_delete, Delegation, organisations_deleted),
        (post_save, DelegationMember, organisation_link_saved),
        (post_delete, DelegationMember, organisation_link_deleted(Delegation)),
        (post_save, Agreement, agreement_saved),
        (pre_delete, Agreement, organisations_deleting(_agreement_organisations)),
        (post_delete, Agreement, organisations_deleted),
        (post_save, AgreementParty, organisation_link_saved),
        (post_delete, AgreementParty, organisation_link_deleted(Agreement)),
    ]
    for signal, model, handler in handlers:
        uid = f"{UID}-{handler.__name__}-{model.__name__}"
        # weak=False: some handlers are closures that nothing else keeps alive.
        signal.connect(handler, sender=model, dispatch_uid=uid, weak=False)
    for through in (Event.hosts.through, Delegation.organisers.through):
        m2m_changed.connect(
            organisations_linked, sender=through, dispatch_uid=f"{UID}-m2m-{through.__name__}"
        )
