"""One history per partner: on random data, for every organisation, its page, its partner
report, its activity contacts and its encounters tell the same story (events.involvement).

* page and report list the same events, delegations and agreements;
* the activity rows are the years and latest dates of those occasions that count as a contact
  (held events, delegations, agreements; undated ones count nowhere);
* the encounters are at the page's held events where another organisation took part.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from activity.models import OrganisationYear
from core.roles import MANAGERS
from events.encounters import organisation_encounters
from events.models import Event, Participation
from partnerships.models import AgreementParticipant, DelegationMember
from tests.factories import (
    make_agreement,
    make_delegation,
    make_event,
    make_organisation,
    make_person,
    make_signatory,
)

DATES = [None, "2015-03-01", "2015-11-20", "2019-06-15"]
EVENT_ROLES = [value for value, _label in Participation.role_choices()]
MEMBER_ROLES = [value for value, _label in DelegationMember.role_choices()]

small = st.integers(min_value=0, max_value=3)


@st.composite
def worlds(draw):
    """A plan of a small world: indexes into lists of organisations and people."""
    orgs, people = draw(st.integers(2, 5)), draw(st.integers(1, 4))
    org = st.integers(0, orgs - 1)
    person = st.one_of(st.none(), st.integers(0, people - 1))
    return {
        "orgs": orgs,
        "people": people,
        "parents": draw(st.lists(st.tuples(org, org), max_size=2)),
        "events": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": st.sampled_from(DATES),
                        "status": st.sampled_from(list(Event.Status.values)),
                        "venue": st.one_of(st.none(), org),
                        "who": st.lists(
                            st.tuples(
                                person, st.one_of(st.none(), org), st.sampled_from(EVENT_ROLES)
                            ),
                            max_size=4,
                        ),
                    }
                ),
                max_size=4,
            )
        ),
        "delegations": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": st.sampled_from(DATES),
                        "origin": st.one_of(st.none(), org),
                        "who": st.lists(
                            st.tuples(
                                person, st.one_of(st.none(), org), st.sampled_from(MEMBER_ROLES)
                            ),
                            max_size=3,
                        ),
                    }
                ),
                max_size=2,
            )
        ),
        "agreements": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": st.sampled_from(DATES),
                        "parties": st.lists(org, min_size=2, max_size=3, unique=True),
                        "signers": st.lists(
                            st.tuples(st.integers(0, people - 1), small), max_size=2
                        ),
                    }
                ),
                max_size=2,
            )
        ),
    }


def build(plan: dict):
    orgs = [make_organisation() for _ in range(plan["orgs"])]
    people = [make_person() for _ in range(plan["people"])]
    for child, parent in plan["parents"]:
        if child != parent and orgs[parent].parent_id != orgs[child].pk:
            orgs[child].parent = orgs[parent]
            orgs[child].save()
    for spec in plan["events"]:
        venue = orgs[spec["venue"]] if spec["venue"] is not None else None
        event = make_event(start=spec["date"], status=spec["status"], venue=venue)
        for who, org, role in spec["who"]:
            _add(
                Participation, event=event, person=who, org=org, role=role, orgs=orgs, people=people
            )
    for spec in plan["delegations"]:
        origin = orgs[spec["origin"]] if spec["origin"] is not None else None
        delegation = make_delegation(start=spec["date"], origin_organisation=origin)
        for who, org, role in spec["who"]:
            _add(
                DelegationMember,
                delegation=delegation,
                person=who,
                org=org,
                role=role,
                orgs=orgs,
                people=people,
            )  # noqa: E501
    for spec in plan["agreements"]:
        agreement = make_agreement(signed=spec["date"], parties=[orgs[i] for i in spec["parties"]])
        for who, party in spec["signers"]:
            party = orgs[spec["parties"][party % len(spec["parties"])]]
            if not AgreementParticipant.objects.filter(agreement=agreement, person=people[who]):
                make_signatory(agreement, person=people[who], party=party)
    return orgs


def _add(model, *, person, org, role, orgs, people, **occasion):
    person = people[person] if person is not None else None
    organisation = orgs[org] if org is not None else None
    if person is None and organisation is None:
        return
    same = (
        {**occasion, "person": person}
        if person
        else {**occasion, "organisation": organisation, "person": None}
    )
    if model is Participation:
        same["role"] = role
    if not model.objects.filter(**same).exists():
        model.objects.create(person=person, organisation=organisation, role=role, **occasion)


class InvolvementAgreesTest(TestCase):
    def setUp(self):
        user = get_user_model().objects.create_user("manager", is_staff=True)
        user.groups.add(Group.objects.get(name=MANAGERS))
        self.client = Client()
        self.client.force_login(user)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(worlds())
    def test_page_report_activity_and_encounters_agree(self, plan):
        for org in build(plan):
            page = self.client.get(reverse("people:organisation_detail", args=[org.pk])).context
            report = self.client.get(
                reverse("reports:partner_report"), {"organisation": org.pk}
            ).context["report"]
            shown = {
                "event": {e.pk for e in page["events"]},
                "delegation": {d.pk for d in page["delegations"]},
                "agreement": {a.pk for a in page["agreements"]},
            }
            reported = {kind: {i.obj.pk for i in report.items if i.kind == kind} for kind in shown}
            assert reported == shown, org

            contact_dates = [e.start for e in page["events"] if e.status == Event.Status.HELD]
            contact_dates += [d.start for d in page["delegations"]]
            contact_dates += [a.signed_on for a in page["agreements"]]
            expected_years = {}
            for date in filter(None, contact_dates):
                expected_years[date.year] = max(expected_years.get(date.year, dt.date.min), date)
            stored = dict(
                OrganisationYear.objects.filter(organisation=org).values_list(
                    "year", "last_contact"
                )
            )
            assert stored == expected_years, org

            met_at = {row["event_id"] for row in organisation_encounters(organisation=org)}
            with_others = {
                e.pk
                for e in page["events"]
                if e.status == Event.Status.HELD
                and e.participations.exclude(organisation=org).exclude(organisation=None).exists()
            }
            assert met_at == with_others, org
