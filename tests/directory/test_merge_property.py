"""Merging loses no fact: on random data, merging a random pair of people or organisations
leaves every involvement, encounter, function, source and follow-up link in place, read with
the merged-away record as the survivor (directory.merge).

Two rows that become the same row (both took part in one event in one role) count once, and
an encounter of the pair with itself is gone: that is what "one record" means.
"""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from activity.maintain import rebuild
from directory.merge import MergeError, merge
from events.encounters import organisation_encounters, person_encounters
from events.involvement import TABLES
from events.models import Event
from followups.models import FollowUp
from partnerships.models import Agreement, Delegation
from people.models import Affiliation, Organisation, Person, Source
from people.names import name_key
from tests.activity.state import stored
from tests.activity.test_involvement_agrees import build, worlds
from tests.factories import make_followup, make_source

CHOICES = {Person: ["email", "notes", "given_name"], Organisation: ["kind", "country", "name"]}


@st.composite
def merges(draw):
    plan = draw(worlds())
    kind = draw(st.sampled_from([Person, Organisation]))
    size = plan["people"] if kind is Person else plan["orgs"]
    if size < 2:
        kind, size = Organisation, plan["orgs"]
    first, second = draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=2, unique=True))
    extras = draw(
        st.fixed_dictionaries({
            "functions": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), max_size=4),
            "sources": st.lists(st.tuples(st.booleans(), st.integers(0, 4)), max_size=4),
            "followups": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), max_size=2),
        })
    )  # fmt: skip
    choices = draw(st.lists(st.sampled_from(CHOICES[kind]), unique=True))
    return plan, kind, first, second, extras, choices


def _decorate(people, orgs, extras) -> None:
    """Functions, sources and follow-ups on top of the involvements of the plan."""
    for p, o in extras["functions"]:
        person, org = people[p % len(people)], orgs[o % len(orgs)]
        Affiliation.objects.get_or_create(person=person, organisation=org, role_title="Leitung")
    sources = [make_source() for _ in range(2)]
    for on_person, n in extras["sources"]:
        record = people[n % len(people)] if on_person else orgs[n % len(orgs)]
        record.sources.add(sources[n % 2])
    for p, o in extras["followups"]:
        make_followup(people=[people[p % len(people)]], organisations=[orgs[o % len(orgs)]])


def facts(kind, merged: int | None = None, survivor: int | None = None) -> dict[str, set]:
    """Everything merging must keep, with ``merged`` read as ``survivor`` (ids of ``kind``)."""

    def same(model, pk):
        return survivor if model is kind and pk == merged else pk

    def person(pk):
        return same(Person, pk)

    def org(pk):
        return same(Organisation, pk)

    involvements = set()
    for table in TABLES:
        columns = [table.occasion_id, table.person or table.organisation, table.organisation]
        for occasion, who, acting_for in table.model.objects.values_list(*columns):
            who = person(who) if table.person else None
            involvements.add((table.occasion, occasion, who, org(acting_for)))
    # A person's row that names no organisation says less than one that does: joined into
    # it, nothing is lost.
    acting = {(kind_, occasion, who) for kind_, occasion, who, o in involvements if o and who}
    involvements = {
        row for row in involvements if row[3] is not None or row[:3] not in acting or not row[2]
    }
    met = set()
    for side, query, own in (("p", person_encounters, person), ("o", organisation_encounters, org)):
        for row in query():
            pair = (own(row["who_id"]), own(row["met_id"]))
            if pair[0] != pair[1]:
                met.add((side, *pair, row["event_id"]))
    links = set()
    for model, ref in ((Person, person), (Organisation, org)):
        through = model.sources.through
        for pk, source in through.objects.values_list(f"{model._meta.model_name}_id", "source_id"):
            links.add(("source", model._meta.model_name, ref(pk), source))
    for pk, p in FollowUp.people.through.objects.values_list("followup_id", "person_id"):
        links.add(("followup", "person", person(p), pk))
    for pk, o in FollowUp.organisations.through.objects.values_list(
        "followup_id", "organisation_id"
    ):
        links.add(("followup", "organisation", org(o), pk))
    functions = {
        (person(p), org(o), title)
        for p, o, title in Affiliation.objects.values_list("person", "organisation", "role_title")
    }
    parents = {
        (org(child), org(parent))
        for child, parent in Organisation.objects.values_list("pk", "parent")
        if parent is not None and org(child) != org(parent)
    }
    counts = {
        (model._meta.label, model.objects.count())
        for model in (Event, Delegation, Agreement, Source, FollowUp)
    }
    return {
        "involvements": involvements,
        "encounters": met,
        "links": links,
        "functions": functions,
        "parents": parents,
        "counts": counts,
    }


class MergeKeepsEveryFactTest(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(merges())
    def test_merging_a_random_pair_loses_no_fact(self, case):
        plan, kind, first, second, extras, choices = case
        orgs = build(plan)
        people = list(Person.objects.order_by("pk"))
        _decorate(people, orgs, extras)
        records = people if kind is Person else orgs
        survivor, other = records[first], records[second]
        other_names = {name_key(n) for n in other.all_names()}
        unchanged = facts(kind)
        before = facts(kind, merged=other.pk, survivor=survivor.pk)

        try:
            merge(survivor, other, dict.fromkeys(choices, "other"))
        except MergeError:
            # Rows that name different records (signed for two parties) stop the merge: then
            # nothing at all has changed.
            assert facts(kind) == unchanged
            assert kind.objects.filter(pk=other.pk).exists()
            event("merge refused")
            return
        event("merged")

        assert not kind.objects.filter(pk=other.pk).exists()
        after = facts(kind)
        for fact, expected in before.items():
            assert after[fact] == expected, fact
        # Imports still find the survivor under the merged-away names.
        kept = {name_key(n) for n in kind.objects.get(pk=survivor.pk).all_names()}
        assert other_names <= kept
        # The derived activity rows were brought up to date.
        derived = stored()
        rebuild()
        assert stored() == derived
