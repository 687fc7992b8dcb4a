"""Random sequences of writes: the incrementally kept tables always equal a full rebuild and the
definition computed in Python (tests/activity/state.py)."""

import datetime as dt

from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from core.approxdate import ApproxDate
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from tests.activity.state import assert_consistent, expected, stored
from tests.factories import (
    add_host,
    make_agreement,
    make_delegation,
    make_event,
    make_organisation,
    make_party,
    make_person,
    make_signatory,
)

DATES = ["2015-03-01", "2015-11-20", "2016-06-15", "2019-01-01", None]
STATUSES = list(Event.Status.values)
OPS = [
    "add_participation", "change_participation", "delete_participation", "event_date",
    "event_status", "event_title_only", "add_event", "delete_event", "hosts_add",
    "hosts_remove", "hosts_clear", "hosts_from_organisation", "hosts_set",
    "delegation_start", "delegation_origin", "add_delegation", "delete_delegation",
    "organisers_add", "organisers_remove", "organisers_clear", "leader_add", "member_add",
    "member_change", "member_delete", "agreement_signed", "add_agreement", "delete_agreement",
    "party_add", "party_change", "party_delete", "signatory_add", "signatory_change",
    "queryset_delete_events",
]  # fmt: skip
HOST, ORGANISER = Participation.Role.HOST, DelegationMember.Role.ORGANISER
PARTY, SIGNATORY = AgreementParticipant.Role.PARTY, AgreementParticipant.Role.SIGNATORY


def set_date(record, field: str, text) -> None:
    value = ApproxDate.parse(text)
    setattr(record, field, value.value)
    setattr(record, f"{field}_precision", value.precision)
    setattr(record, f"{field}_approx", value.approximate)


class World:
    def __init__(self):
        self.people = [make_person() for _ in range(4)]
        self.organisations = [make_organisation() for _ in range(4)]
        self.events = [make_event(start=d) for d in DATES[:3]]
        self.delegations = [make_delegation(start=DATES[0])]
        self.agreements = [make_agreement(signed=DATES[1])]
        # One person at each of the first two events: a second one changes who met someone.
        for event, person in zip(self.events[:2], self.people, strict=False):
            Participation.objects.create(event=event, person=person)
        add_host(self.events[0], self.organisations[0])
        DelegationMember.objects.create(
            delegation=self.delegations[0], organisation=self.organisations[1], role=ORGANISER
        )

    def pick(self, items, n):
        return items[n % len(items)] if items else None

    def refresh(self):
        self.events = list(Event.objects.order_by("pk"))
        self.delegations = list(Delegation.objects.order_by("pk"))
        self.agreements = list(Agreement.objects.order_by("pk"))


def apply(world: World, op: str, a: int, b: int, c: int) -> None:  # noqa: C901, PLR0912
    person, organisation = world.pick(world.people, a), world.pick(world.organisations, b)
    event = world.pick(world.events, c)
    delegation, agreement = world.pick(world.delegations, c), world.pick(world.agreements, c)
    participation = Participation.objects.order_by("pk")[a : a + 1].first()
    member = DelegationMember.objects.order_by("pk")[b : b + 1].first()
    party = AgreementParticipant.objects.filter(role=PARTY).order_by("pk")[b : b + 1].first()
    signatory = AgreementParticipant.objects.filter(role=SIGNATORY).order_by("pk")[a : a + 1]
    signatory = signatory.first()
    if op == "add_participation" and event:
        Participation.objects.create(
            event=event,
            person=person if a % 3 else None,
            organisation=organisation if b % 2 or a % 3 == 0 else None,
            role=["guest", "speaker"][c % 2],
        )
    elif op == "change_participation" and participation and event:
        participation.event, participation.person = event, person
        participation.organisation = organisation if b % 2 else None
        participation.save()
    elif op == "delete_participation" and participation:
        participation.delete()
    elif op == "event_date" and event:
        set_date(event, "start", DATES[a % len(DATES)])
        event.end, event.end_precision = None, "unknown"
        event.save()
    elif op == "event_status" and event:
        event.status = STATUSES[a % len(STATUSES)]
        event.save()
    elif op == "event_title_only" and event:
        event.title += "!"
        event.start = None  # not saved: update_fields names the title only
        event.save(update_fields=["title"])
    elif op == "add_event":
        make_event(start=DATES[a % len(DATES)], status=STATUSES[b % len(STATUSES)])
    elif op == "delete_event" and event:
        event.delete()
    elif op == "queryset_delete_events":
        Event.objects.filter(pk__in=[e.pk for e in world.events[: a % 3]]).delete()
    elif op == "hosts_add" and event:
        # The organisation alone, or a person hosting for it.
        Participation.objects.create(
            event=event, organisation=organisation, person=person if a % 2 else None, role=HOST
        )
    elif op == "hosts_remove" and event:
        event.participations.filter(role=HOST, organisation=organisation).delete()
    elif op == "hosts_clear" and event:
        event.participations.filter(role=HOST).delete()
    elif op == "hosts_from_organisation" and event:
        if a % 2:
            add_host(event, organisation)
        else:
            organisation.participations.filter(role=HOST).delete()
    elif op == "hosts_set" and event:
        event.participations.filter(role=HOST).delete()
        for host in world.organisations[a % 4 : a % 4 + 2]:
            add_host(event, host)
    elif op == "delegation_start" and delegation:
        set_date(delegation, "start", DATES[a % len(DATES)])
        delegation.end, delegation.end_precision = None, "unknown"
        delegation.save()
    elif op == "delegation_origin" and delegation:
        delegation.origin_organisation = organisation if a % 2 else None
        delegation.save()
    elif op == "add_delegation":
        make_delegation(start=DATES[a % len(DATES)], origin_organisation=organisation)
    elif op == "delete_delegation" and delegation:
        delegation.delete()
    elif op == "organisers_add" and delegation:
        DelegationMember.objects.create(
            delegation=delegation, organisation=organisation, role=ORGANISER
        )
    elif op == "organisers_remove" and delegation:
        delegation.members.filter(role=ORGANISER, organisation=organisation).delete()
    elif op == "organisers_clear" and delegation:
        if a % 2:
            delegation.members.filter(role=ORGANISER).delete()
        else:
            organisation.delegationmembers.filter(role=ORGANISER).delete()
    elif op == "leader_add" and delegation:
        DelegationMember.objects.create(
            delegation=delegation,
            person=person,
            organisation=organisation if b % 2 else None,
            role=DelegationMember.Role.LEADER,
        )
    elif op == "member_add" and delegation:
        DelegationMember.objects.create(
            delegation=delegation, organisation=organisation, person=person if a % 2 else None
        )
    elif op == "member_change" and member:
        member.organisation = organisation
        member.save()
    elif op == "member_delete" and member:
        member.delete()
    elif op == "agreement_signed" and agreement:
        set_date(agreement, "signed_on", DATES[a % len(DATES)])
        agreement.save()
    elif op == "add_agreement":
        make_agreement(signed=DATES[a % len(DATES)], parties=[organisation])
    elif op == "delete_agreement" and agreement:
        agreement.delete()
    elif op == "party_add" and agreement:
        AgreementParticipant.objects.create(
            agreement=agreement, organisation=organisation, role=PARTY
        )
    elif op == "party_change" and party:
        party.organisation = organisation
        party.save()
    elif op == "party_delete" and party:
        party.delete()
    elif op == "signatory_add" and agreement:
        make_signatory(agreement, person=person, party=organisation)
    elif op == "signatory_change" and signatory:
        make_party(signatory.agreement, organisation)
        signatory.organisation = organisation
        signatory.save()


PARTICIPATION_OPS = ["add_participation", "change_participation", "delete_participation"]
steps = st.lists(
    st.tuples(
        st.sampled_from(OPS + PARTICIPATION_OPS * 3),
        st.integers(0, 7),
        st.integers(0, 7),
        st.integers(0, 7),
    ),
    min_size=1,
    max_size=25,
)


class IncrementalEqualsRebuild(TestCase):
    @settings(
        max_examples=50,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(steps)
    def test_random_writes(self, ops):
        world = World()
        for op, a, b, c in ops:
            try:
                with transaction.atomic():
                    apply(world, op, a, b, c)
            except IntegrityError:
                pass  # a duplicate the database refused: nothing was written
            world.refresh()
            assert stored() == expected(), (op, a, b, c)
        assert_consistent()


def test_dates_are_years_of_the_stored_start(db):
    person, organisation = make_person(), make_organisation()
    event = make_event(start="Q3 2017")
    Participation.objects.create(event=event, person=person, organisation=organisation)
    assert stored()["person_years"] == {(person.pk, 2017, False)}
    assert stored()["last_contacts"] == {(organisation.pk, dt.date(2017, 7, 1))}
