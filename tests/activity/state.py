"""The activity tables' contents, and the same computed in Python from the source tables."""

from __future__ import annotations

from collections import defaultdict

from activity.maintain import rebuild
from activity.models import OrganisationContact, OrganisationYear, PersonYear
from events.models import Event, Participation
from partnerships.models import AgreementParticipant, Delegation, DelegationMember


def stored() -> dict[str, set]:
    return {
        "person_years": set(PersonYear.objects.values_list("person_id", "year", "met_someone")),
        "organisation_years": set(
            OrganisationYear.objects.values_list("organisation_id", "year", "last_contact")
        ),
        "last_contacts": set(
            OrganisationContact.objects.values_list("organisation_id", "last_contact")
        ),
    }


def rebuilt() -> dict[str, set]:
    rebuild()
    return stored()


def expected() -> dict[str, set]:
    """The definition (activity.sources), written out in Python over all rows."""
    held = Event.Status.HELD
    events = {e.pk: e for e in Event.objects.all()}
    people_of_event = defaultdict(set)
    participations = list(Participation.objects.all())
    for p in participations:
        if p.person_id:
            people_of_event[p.event_id].add(p.person_id)
    met = defaultdict(bool)
    for p in participations:
        event = events[p.event_id]
        if p.person_id and event.start:
            key = (p.person_id, event.start.year)
            met[key] |= event.status == held and bool(people_of_event[p.event_id] - {p.person_id})
    person_years = {(person, year, flag) for (person, year), flag in met.items()}

    # A contact: any involvement of the organisation itself (a host, a participant, a
    # delegation's origin or member of any role, an agreement's party or a signatory's
    # organisation), in a held event, a delegation or an agreement, on the occasion's date.
    contacts = []  # (organisation, date)
    for p in participations:
        event = events[p.event_id]
        if p.organisation_id and event.status == held and event.start:
            contacts.append((p.organisation_id, event.start))
    delegations = {d.pk: d for d in Delegation.objects.all()}
    for d in delegations.values():
        if d.origin_organisation_id and d.start:
            contacts.append((d.origin_organisation_id, d.start))
    for m in DelegationMember.objects.all():
        start = delegations[m.delegation_id].start
        if m.organisation_id and start:
            contacts.append((m.organisation_id, start))
    for participant in AgreementParticipant.objects.select_related("agreement"):
        if participant.organisation_id and participant.agreement.signed_on:
            contacts.append((participant.organisation_id, participant.agreement.signed_on))
    by_year: dict[tuple, object] = {}
    latest: dict[int, object] = {}
    for organisation, day in contacts:
        key = (organisation, day.year)
        by_year[key] = max(by_year.get(key, day), day)
        latest[organisation] = max(latest.get(organisation, day), day)
    return {
        "person_years": person_years,
        "organisation_years": {(o, y, d) for (o, y), d in by_year.items()},
        "last_contacts": set(latest.items()),
    }


def assert_consistent() -> None:
    """Incremental state == the Python definition == a full rebuild."""
    incremental = stored()
    assert incremental == expected()
    assert rebuilt() == incremental
