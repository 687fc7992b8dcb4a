"""The database itself refuses impossible rows, whatever path writes them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.approxdate import Precision
from events.models import Participation
from partnerships.models import AgreementParticipant, DelegationMember
from people.models import Affiliation, Organisation, Person
from tests.factories import (
    make_agreement,
    make_delegation,
    make_event,
    make_organisation,
    make_person,
    make_signatory,
)

pytestmark = pytest.mark.django_db


def _refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_precision_and_date_must_agree():
    event = make_event(start="2018-11-16")
    event.start = None  # precision still "day"
    _refused(event.save)
    event.start, event.start_precision = dt.date(2018, 11, 16), Precision.UNKNOWN
    _refused(event.save)


def test_period_cannot_end_before_it_starts():
    event = make_event(start="2018-11-16")
    event.end, event.end_precision = dt.date(2018, 11, 15), Precision.DAY
    _refused(event.save)


def test_participation_needs_a_person_or_an_organisation():
    event = make_event()
    _refused(lambda: Participation.objects.create(event=event))


def test_delegation_member_needs_a_person_or_an_organisation():
    delegation = make_delegation()
    _refused(lambda: DelegationMember.objects.create(delegation=delegation))


def test_organisation_names_unique_per_country_ignoring_case():
    make_organisation(name="Stadt Essen", country="DE")
    _refused(lambda: Organisation.objects.create(name="STADT ESSEN", country="DE"))
    Organisation.objects.create(name="Stadt Essen", country="US")  # another country is fine


def test_person_needs_a_family_name():
    _refused(lambda: Person.objects.create(given_name="Thomas", family_name=""))


def test_same_party_only_once():
    agreement = make_agreement(parties=[make_organisation()])
    party = agreement.participants.get().organisation
    _refused(
        lambda: AgreementParticipant.objects.create(
            agreement=agreement, organisation=party, role="party"
        )
    )


def test_signing_for_an_organisation_makes_it_a_party():
    essen, koriyama = make_organisation(name="Essen"), make_organisation(name="Kōriyama")
    agreement = make_agreement(parties=[essen])
    make_signatory(agreement, party=koriyama, role_title="Vizebürgermeister")
    parties = agreement.participants.filter(role="party")
    assert set(parties.values_list("organisation__name", flat=True)) == {
        "Essen",
        "Kōriyama",
    }


def test_agreement_chain_lists_oldest_first():
    mou = make_agreement(title="MoU", signed="ca. 2017")
    iuc = make_agreement(title="IUC", supplements=mou)
    extra = make_agreement(title="Zusatz", supplements=iuc)
    assert [a.title for a in extra.chain()] == ["MoU", "IUC", "Zusatz"]


def test_agreement_cannot_supplement_itself_in_a_loop():
    from django.core.exceptions import ValidationError

    first = make_agreement(title="A")
    second = make_agreement(title="B", supplements=first)
    first.supplements = second
    with pytest.raises(ValidationError):
        first.full_clean()


def test_search_text_folds_every_name():
    city = make_organisation(
        name="Stadt Kōriyama", short_name="Koriyama", aliases="郡山市\nKoriyama City"
    )
    assert city.search_text.splitlines() == [
        "stadt koriyama",
        "koriyama",
        "郡山市",
        "koriyama city",
    ]
    person = make_person(honorific="Prof. Dr.", given_name="Maren", family_name="Schulze")
    assert "maren schulze" in person.search_text.splitlines()
    assert str(person) == "Prof. Dr. Maren Schulze"


def test_affiliation_keeps_role_history():
    person, city = make_person(family_name="Kufen"), make_organisation(name="Stadt Essen")
    Affiliation.objects.create(
        person=person, organisation=city, role_title="Oberbürgermeister",
        since=dt.date(2015, 1, 1), since_precision=Precision.YEAR,
        until=dt.date(2025, 1, 1), until_precision=Precision.YEAR,
    )  # fmt: skip
    Affiliation.objects.create(person=person, organisation=city, role_title="Ratsmitglied")
    assert person.affiliations.count() == 2
