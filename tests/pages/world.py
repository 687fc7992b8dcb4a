"""A small world of factory records shared by the page tests (scaled by ``size``)."""

from core.approxdate import ApproxDate
from events.models import Participation
from partnerships.models import Agreement
from tests.factories import (
    add_host,
    make_affiliation,
    make_agreement,
    make_delegation,
    make_delegation_member,
    make_event,
    make_organisation,
    make_participation,
    make_person,
    make_signatory,
    make_source,
    make_topic,
)


def approx(field: str, text: str) -> dict:
    """Model keyword arguments (three columns) for an approximate date written as text."""
    value = ApproxDate.parse(text)
    return {
        field: value.value,
        f"{field}_precision": value.precision,
        f"{field}_approx": value.approximate,
    }


def build_world(size: int = 1) -> dict:
    """Essen and Kōriyama sign an MoU (plus a supplement) during a delegation; ``size``
    extra organisations, people, events and agreements make the lists longer."""
    source = make_source(publisher="Stadt Essen", title="Essen und Kōriyama", url="https://x.de/a")
    energy = make_topic(name="Erneuerbare Energien", slug="energie")
    health = make_topic(name="Medizintechnik", slug="medizin")
    essen = make_organisation(name="Stadt Essen", kind="city", country="DE", city="Essen")
    koriyama = make_organisation(
        name="Stadt Kōriyama", aliases="Koriyama", kind="city", country="JP", city="Kōriyama"
    )
    essen.sectors.add(energy)
    koriyama.sources.add(source)
    clinic = make_organisation(name="Universitätsklinikum Essen", parent=essen, country="DE")
    kufen = make_person(given_name="Thomas", family_name="Kufen", honorific="")
    kufen.sources.add(source)
    mayor = make_person(given_name="Katsuyoshi", family_name="Shinahara")
    muller = make_person(given_name="Jörg", family_name="Müller", honorific="Prof. Dr.")
    make_affiliation(kufen, essen, role_title="Oberbürgermeister", **approx("since", "2015-10-21"))
    make_affiliation(mayor, koriyama, role_title="Bürgermeister")
    make_affiliation(muller, clinic, role_title="Direktor", **approx("since", "ca. 2012"))
    trip = make_delegation(
        start="2018-11-14",
        **approx("end", "2018-11-18"),
        title="Delegationsreise nach Kōriyama",
        destination_country="JP",
        destination_city="Kōriyama",
        origin_country="DE",
        origin_city="Essen",
        origin_organisation=essen,
    )
    trip.topics.add(energy)
    trip.sources.add(source)
    make_delegation_member(trip, kufen, essen, role="leader", role_title="Oberbürgermeister")
    make_delegation_member(trip, muller, clinic)
    signing = make_event(
        start="2018-11-16",
        title="Unterzeichnung in Kōriyama",
        kind="signing",
        city="Kōriyama",
        country="JP",
        delegation=trip,
        venue=koriyama,
    )
    add_host(signing, koriyama)
    signing.topics.add(energy)
    signing.sources.add(source)
    mou = make_agreement(
        signed="2018-11-16",
        title="Memorandum of Understanding Essen–Kōriyama",
        parties=(essen, koriyama),
        signed_place="Kōriyama",
    )
    mou.topics.add(energy)
    mou.sources.add(source)
    make_signatory(mou, kufen, essen, role_title="Oberbürgermeister")
    make_signatory(mou, mayor, koriyama, role_title="Bürgermeister")
    supplement = make_agreement(
        signed="ca. 2020",
        title="Zusatzvereinbarung Medizintechnik",
        kind=Agreement.Kind.SUPPLEMENTARY,
        supplements=mou,
        parties=(essen, koriyama),
    )
    supplement.topics.add(health)
    signing.agreements.add(mou)
    make_participation(signing, kufen, essen, role=Participation.Role.SIGNATORY)
    make_participation(signing, mayor, koriyama, role=Participation.Role.SIGNATORY)
    make_participation(signing, muller, clinic, role=Participation.Role.DELEGATION_MEMBER)
    world = dict(locals())
    world["extra"] = []
    add_rows(world, size)
    return world


def add_rows(world: dict, count: int) -> None:
    """``count`` more organisations, people, events, agreements and delegations, each tied
    to Stadt Essen and Thomas Kufen, so every list and detail page gets longer."""
    essen, kufen = world["essen"], world["kufen"]
    health, source = world["health"], world["source"]
    start = len(world["extra"])
    for n in range(start, start + count):
        org = make_organisation(name=f"Firma {n:03d}", country="DE")
        person = make_person(family_name=f"Person{n:03d}")
        make_affiliation(person, org, role_title="Geschäftsführung")
        event = make_event(
            start=f"{2010 + n % 10}-05", title=f"Stammtisch {n:03d}", country="DE", venue=org
        )
        event.topics.add(health)
        event.sources.add(source)
        make_participation(event, person, org, role=Participation.Role.HOST)
        make_participation(event, kufen, essen)
        agreement = make_agreement(signed=f"{2010 + n % 10}", parties=(org, essen))
        agreement.topics.add(health)
        make_signatory(agreement, person, org)
        delegation = make_delegation(start=f"{2010 + n % 10}-Q2", leader=person)
        make_delegation_member(delegation, organisation=org)
        world["extra"].append((org, person, event, agreement, delegation))
