"""A person, organisation or agreement named in several articles is one record."""

import pytest

from articles.resolve import Resolver
from events.models import Event
from partnerships.models import Agreement
from people.models import Organisation, Person, name_matches

pytestmark = pytest.mark.usefixtures("articles_imported", "db")

ESSEN_2018 = "2018-11-essen-koriyama-delegation"
ESSEN_2019 = "2019-09-essen-delegation-japan"


def references(record) -> set[str]:
    return set(record.sources.values_list("reference", flat=True))


def test_one_kufen_cited_by_both_essen_articles():
    kufen = Person.objects.get(family_name="Kufen")
    assert Person.objects.filter(family_name__iexact="kufen").count() == 1
    assert references(kufen) == {ESSEN_2018, ESSEN_2019}
    # He signed three agreements over two articles, all as one person.
    assert kufen.agreementparticipants.count() == 3
    assert kufen.delegationmembers.filter(role="leader").count() == 1
    assert kufen.affiliations.count() == 1


def test_one_boschem_one_ewg():
    boschem = Person.objects.get(family_name="Boschem")
    assert references(boschem) == {ESSEN_2018, ESSEN_2019}
    ewg = Organisation.objects.get(short_name="EWG")
    assert references(ewg) == {ESSEN_2018, ESSEN_2019}
    assert boschem.affiliations.get().organisation == ewg


def test_one_koriyama_under_both_spellings():
    koriyama = Organisation.objects.get(name="Stadt Koriyama")
    assert references(koriyama) == {ESSEN_2018, ESSEN_2019}
    assert "Kōriyama" in koriyama.aliases.splitlines()
    for spelling in ("Kōriyama", "koriyama", "STADT KŌRIYAMA"):
        assert list(name_matches(Organisation.objects.filter(kind="city"), spelling)) == [koriyama]
        assert Resolver().find("organisation", spelling) == koriyama


def test_one_essen_city():
    essen = Organisation.objects.get(name="Stadt Essen")
    assert Organisation.objects.filter(name__iexact="stadt essen").count() == 1
    assert references(essen) == {ESSEN_2018, ESSEN_2019}


def test_one_mou_enriched_by_the_second_article():
    mou = Agreement.objects.get(kind=Agreement.Kind.MOU)
    assert Agreement.objects.filter(title__icontains="Memorandum").count() == 1
    assert references(mou) == {ESSEN_2018, ESSEN_2019}
    # Both later agreements build on this one record.
    assert {a.kind for a in mou.supplementary_agreements.all()} == {
        Agreement.Kind.IUC,
        Agreement.Kind.SUPPLEMENTARY,
    }
    assert Event.objects.filter(agreements=mou).count() == 1


def test_no_two_people_or_organisations_share_a_name():
    people = [p.plain_name.casefold() for p in Person.objects.all()]
    assert len(people) == len(set(people))
    organisations = [o.name.casefold() for o in Organisation.objects.all()]
    assert len(organisations) == len(set(organisations))


def test_professor_schulze_found_with_and_without_title():
    schulze = Person.objects.get(family_name="Schulze")
    resolver = Resolver()
    for written in ("Maren Schulze", "Prof. Maren Schulze", "Prof. Dr. Maren Schulze"):
        assert resolver.find("person", written) == schulze
