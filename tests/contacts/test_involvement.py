"""How notes count (events.involvement, docs/involvement.md): every note is a contact, dated
by its day, kept up to date in the activity tables; a meeting or a visit is also an occasion of the
encounters, through the held event it keeps in step (events.meetings)."""

import datetime as dt

import pytest

from activity.maintain import rebuild
from activity.models import OrganisationContact
from events.encounters import organisation_encounters, person_encounters
from events.involvement import NOTE, involved_in, involvement_counts, occasion_ids
from front.filters.people import PersonFilter
from people.models import Person
from tests.factories import make_note, make_note_participant, make_organisation, make_person

pytestmark = pytest.mark.django_db


def last_contact(organisation):
    row = OrganisationContact.objects.filter(organisation=organisation).first()
    return row.last_contact if row else None


@pytest.mark.parametrize("kind", ["call", "email", "meeting", "visit"])
def test_every_note_is_a_contact(kind):
    city = make_organisation()
    note = make_note(kind=kind, date=dt.date(2024, 5, 2), organisations=[city])
    assert last_contact(city) == dt.date(2024, 5, 2)
    note.date = dt.date(2025, 1, 7)
    note.save()
    assert last_contact(city) == dt.date(2025, 1, 7)  # the occasion's date moved
    note.delete()
    assert last_contact(city) is None


def test_a_person_acting_for_an_organisation_makes_it_a_contact_and_the_tables_agree():
    city, person = make_organisation(), make_person()
    row = make_note_participant(person=person, organisation=city)
    assert last_contact(city) == row.note.date
    maintained = list(OrganisationContact.objects.values_list("organisation_id", "last_contact"))
    rebuild()
    assert list(OrganisationContact.objects.values_list("organisation_id", "last_contact")) == (
        maintained
    )
    row.delete()
    assert last_contact(city) is None


def test_notes_are_involvements():
    city, person = make_organisation(), make_person()
    note = make_note(people=[person], organisations=[city])
    assert list(occasion_ids(NOTE, person=person)) == [(note.pk,)]
    assert list(occasion_ids(NOTE, organisation=city)) == [(note.pk,)]
    assert involved_in(NOTE, [note.pk]) == ({person.pk}, {city.pk})
    assert involvement_counts(person)["note"] == 1


def test_the_person_list_finds_who_spoke_for_an_organisation():
    city, person = make_organisation(), make_person()
    make_note_participant(person=person, organisation=city)
    people = PersonFilter({"organisation": city.pk}, queryset=Person.objects.all()).qs
    assert list(people) == [person]


def test_a_meeting_note_is_an_occasion_of_the_encounters():
    """A meeting or visit in the contact log keeps a held event in step (events.meetings):
    the partners at one of our meetings met; a call or an e-mail is no meeting."""
    a, b = make_person(), make_person()
    city, other = make_organisation(), make_organisation()
    note = make_note(kind="meeting", people=[a, b], organisations=[city, other])
    assert {row["met_id"] for row in person_encounters(person=a)} == {b.pk}
    assert {row["met_id"] for row in organisation_encounters(organisation=city)} == {other.pk}
    note.kind = "call"
    note.save()
    assert list(person_encounters(person=a)) == []
    assert list(organisation_encounters(organisation=city)) == []
