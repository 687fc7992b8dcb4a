"""Merging two people or organisations: values chosen per field, names united, every relation
re-pointed, rows both had joined, history on both, activity recomputed."""

import pytest

from activity.models import PersonYear
from directory.merge import MergeError, merge
from events.models import Participation
from partnerships.models import DelegationMember
from people.models import Affiliation, Organisation, Person
from tests import factories


@pytest.fixture
def twins(db):
    """ "Dr. Thomas Kufen" and "Thomas Kufen": one person entered twice."""
    city = factories.make_organisation(name="Stadt Essen")
    first = factories.make_person(honorific="Dr.", given_name="Thomas", family_name="Kufen")
    second = factories.make_person(
        given_name="Thomas", family_name="Kufen", email="t.kufen@example.org",
        name_variants="Kufen Thomas",
    )  # fmt: skip
    return first, second, city


def test_merge_repoints_every_relation_and_keeps_the_merged_name(twins, editor):
    first, second, city = twins
    source = factories.make_source()
    second.sources.add(source)
    factories.make_affiliation(second, city, role_title="Oberbürgermeister")
    event = factories.make_event(title="Empfang")
    factories.make_participation(event, person=second, role="guest")
    delegation = factories.make_delegation()
    factories.make_delegation_member(delegation, person=second, role="leader")
    followup = factories.make_followup(owner=editor, people=[second])

    result = merge(first, second, {"email": "other"}, editor)

    assert not Person.objects.filter(pk=second.pk).exists()
    survivor = Person.objects.get(pk=first.pk)
    assert survivor.email == "t.kufen@example.org" and survivor.honorific == "Dr."
    assert "Kufen Thomas" in survivor.name_variants
    assert list(survivor.sources.all()) == [source]
    assert Affiliation.objects.get().person == survivor
    assert Participation.objects.get(event=event).person == survivor
    assert DelegationMember.objects.get().person == survivor
    assert list(followup.people.all()) == [survivor]
    assert PersonYear.objects.filter(person=survivor).exists()
    assert result.merged_name == "Thomas Kufen"
    reasons = list(survivor.history.values_list("history_change_reason", flat=True))
    assert any("zusammengeführt" in (r or "") for r in reasons)
    deleted = Person.history.filter(id=second.pk, history_type="-").get()
    assert "zusammengeführt" in deleted.history_change_reason
    assert deleted.history_user == editor


def test_two_records_at_the_same_occasion_end_as_one_involvement(twins, editor):
    first, second, _city = twins
    event = factories.make_event()
    factories.make_participation(event, person=first, role="guest")
    factories.make_participation(event, person=second, role="guest", role_title="OB")
    factories.make_participation(event, person=second, role="speaker")
    delegation = factories.make_delegation()
    factories.make_delegation_member(delegation, person=first, role="member")
    factories.make_delegation_member(delegation, person=second, role="leader")

    result = merge(first, second, {}, editor)

    rows = Participation.objects.filter(event=event).order_by("role")
    assert [(r.person_id, r.role, r.role_title) for r in rows] == [
        (first.pk, "guest", "OB"),
        (first.pk, "speaker", ""),
    ]
    assert DelegationMember.objects.get().role == "leader"
    assert result.joined == 2


def test_merging_organisations_moves_children_parties_and_aliases(db, editor):
    long_name = factories.make_organisation(name="Stadt Kawagoe", country="JP")
    short = factories.make_organisation(name="Kawagoe", country="JP", aliases="川越市")
    child = factories.make_organisation(name="Rathaus Kawagoe", parent=short)
    agreement = factories.make_agreement(parties=[long_name, short])
    event = factories.make_event(venue=short)

    merge(long_name, short, {}, editor)

    survivor = Organisation.objects.get(pk=long_name.pk)
    assert set(survivor.aliases.splitlines()) == {"Kawagoe", "川越市"}
    assert Organisation.objects.get(pk=child.pk).parent == survivor
    assert list(agreement.participants.values_list("organisation_id", flat=True)) == [survivor.pk]
    event.refresh_from_db()
    assert event.venue == survivor


def test_a_chosen_name_keeps_the_old_one_as_an_alias(db, editor):
    first = factories.make_organisation(name="IHK zu Dortmund")
    second = factories.make_organisation(name="Industrie- und Handelskammer zu Dortmund")
    merge(first, second, {"name": "other"}, editor)
    survivor = Organisation.objects.get()
    assert survivor.name == "Industrie- und Handelskammer zu Dortmund"
    assert survivor.aliases == "IHK zu Dortmund"


def test_a_record_is_not_merged_with_itself_or_another_kind(twins, editor):
    first, _second, city = twins
    with pytest.raises(MergeError):
        merge(first, first, {}, editor)
    with pytest.raises(MergeError):
        merge(first, city, {}, editor)
