"""A small partnership history (Essen and Koriyama, after the articles) for the report tests."""

from dataclasses import dataclass

from events.models import Event, Participation
from partnerships.models import Agreement, Delegation, DelegationMember
from people.models import Affiliation
from tests.factories import (
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


@dataclass
class Story:
    essen: object
    ewg: object
    koriyama: object
    fukushima: object
    tokyo_gtai: object
    kufen: object
    kanno: object
    boschem: object
    shinagawa: object
    energy: object
    health: object
    education: object
    visit_2018: Delegation
    trip_2019: Delegation
    trip_2024: Delegation
    signing_2018: Event
    workshop_2018: Event
    signing_2019: Event
    network_2024: Event
    planned_event: Event
    undated_event: Event
    cancelled_event: Event
    mou: Agreement
    iuc: Agreement
    supplement: Agreement
    source_2018: object
    source_2019: object


def build_story() -> Story:
    energy = make_topic(name="Erneuerbare Energien", slug="erneuerbare-energien")
    health = make_topic(name="Gesundheit", slug="gesundheit")
    education = make_topic(name="Bildung", slug="bildung")
    source_2018 = make_source(
        publisher="Stadt Essen",
        title="Japanische Delegation besucht Essen",
        reference="essen-2018",
        url="https://www.essen.de/2018",
    )
    source_2019 = make_source(
        publisher="Stadt Essen", title="Essener Delegation in Japan", reference="essen-2019"
    )
    essen = make_organisation(name="Stadt Essen", kind="city", country="DE", city="Essen")
    ewg = make_organisation(
        name="EWG – Essener Wirtschaftsförderungsgesellschaft mbH",
        kind="econdev",
        country="DE",
        city="Essen",
    )
    koriyama = make_organisation(
        name="Stadt Koriyama", aliases="Kōriyama", kind="city", country="JP", city="Koriyama"
    )
    fukushima = make_organisation(
        name="Präfektur Fukushima", kind="region", country="JP", city="Fukushima"
    )
    tokyo_gtai = make_organisation(
        name="Germany Trade & Invest", kind="government", country="DE", city="Berlin"
    )
    kufen = make_person(honorific="", given_name="Thomas", family_name="Kufen")
    kanno = make_person(given_name="Toshikazu", family_name="Kanno")
    boschem = make_person(given_name="Andre", family_name="Boschem")
    shinagawa = make_person(given_name="Masato", family_name="Shinagawa")
    Affiliation.objects.create(person=kufen, organisation=essen, role_title="Oberbürgermeister")
    Affiliation.objects.create(person=kanno, organisation=koriyama, role_title="Vizebürgermeister")

    mou = make_agreement(
        signed="ca. 2017",
        title="Memorandum of Understanding Essen–Koriyama",
        kind=Agreement.Kind.MOU,
        signed_place="Kōriyama",
        status=Agreement.Status.ACTIVE,
        parties=[essen, koriyama],
    )
    mou.topics.add(energy, health)
    iuc = make_agreement(
        signed="2018-11-16",
        title="IUC-Projektvereinbarung Essen–Koriyama",
        kind=Agreement.Kind.IUC,
        signed_place="Essen",
        status=Agreement.Status.ACTIVE,
        supplements=mou,
    )
    make_signatory(iuc, person=kufen, party=essen, role_title="Oberbürgermeister")
    make_signatory(iuc, person=kanno, party=koriyama, role_title="Vizebürgermeister")
    iuc.sources.add(source_2018)
    supplement = make_agreement(
        signed="2019-09-02",
        title="Zusatzvereinbarung Bildung und Talentförderung",
        kind=Agreement.Kind.SUPPLEMENTARY,
        signed_place="Koriyama",
        status=Agreement.Status.ACTIVE,
        supplements=iuc,
    )
    make_signatory(supplement, person=kufen, party=essen, role_title="Oberbürgermeister")
    make_signatory(supplement, person=shinagawa, party=koriyama, role_title="Bürgermeister")
    supplement.topics.add(education)
    supplement.sources.add(source_2019)

    visit_2018 = make_delegation(
        start="2018-11-15",
        title="Japanische Delegation in Essen",
        direction=Delegation.Direction.INCOMING,
        origin_country="JP",
        origin_city="Koriyama",
        origin_organisation=koriyama,
        destination_country="DE",
        destination_city="Essen",
        organisers=[ewg],
        head_count=25,
        head_count_approx=True,
        head_count_label="Teilnehmende",
    )
    visit_2018.end, visit_2018.end_precision = visit_2018.start.replace(day=17), "day"
    visit_2018.save()
    visit_2018.topics.add(energy, health)
    visit_2018.sources.add(source_2018)
    make_delegation_member(
        visit_2018,
        person=kanno,
        organisation=koriyama,
        role=DelegationMember.Role.LEADER,
        role_title="Vizebürgermeister",
    )
    make_delegation_member(visit_2018, organisation=fukushima)

    signing_2018 = make_event(
        start="2018-11-16",
        title="Unterzeichnung der IUC-Projektvereinbarung",
        kind=Event.Kind.SIGNING,
        delegation=visit_2018,
        city="Essen",
        country="DE",
        hosts=[essen],
    )
    signing_2018.agreements.add(iuc)
    signing_2018.sources.add(source_2018)
    make_participation(
        signing_2018,
        person=kufen,
        organisation=essen,
        role=Participation.Role.SIGNATORY,
        role_title="Oberbürgermeister",
    )
    make_participation(
        signing_2018,
        person=kanno,
        organisation=koriyama,
        role=Participation.Role.SIGNATORY,
        role_title="Vizebürgermeister",
    )
    workshop_2018 = make_event(
        start="2018-11",
        title="Workshops Medizintechnik",
        kind=Event.Kind.WORKSHOP,
        delegation=visit_2018,
        city="Essen",
        country="DE",
    )
    workshop_2018.topics.add(health)
    make_participation(workshop_2018, person=boschem, organisation=ewg, role="host")
    make_participation(workshop_2018, person=kanno, organisation=koriyama, role="delegation")

    trip_2019 = make_delegation(
        start="2019-09-01",
        title="Essener Delegation in Japan",
        direction=Delegation.Direction.OUTGOING,
        origin_country="DE",
        origin_city="Essen",
        origin_organisation=essen,
        destination_country="JP",
        destination_city="Kōriyama",
    )
    trip_2019.topics.add(education, energy)
    trip_2019.sources.add(source_2019)
    make_delegation_member(trip_2019, person=kufen, organisation=essen, role="leader")
    make_delegation_member(trip_2019, person=boschem, organisation=ewg)
    signing_2019 = make_event(
        start="2019-09-02",
        title="Unterzeichnung der Zusatzvereinbarung",
        kind=Event.Kind.SIGNING,
        delegation=trip_2019,
        city="Kōriyama",
        country="JP",
        hosts=[koriyama],
    )
    signing_2019.agreements.add(supplement)
    signing_2019.topics.add(education)
    make_participation(signing_2019, person=kufen, organisation=essen, role="signatory")
    make_participation(signing_2019, person=shinagawa, organisation=koriyama, role="signatory")

    trip_2024 = make_delegation(
        start="2024-02",
        title="Delegationsreise nach Japan",
        direction=Delegation.Direction.OUTGOING,
        origin_country="DE",
        destination_country="JP",
        head_count=18,
        head_count_label="Unternehmen",
    )
    trip_2024.topics.add(energy)
    network_2024 = make_event(
        start="2024-02",
        title="GTAI-Netzwerkveranstaltung Tokio",
        kind=Event.Kind.NETWORK,
        delegation=trip_2024,
        city="Tokio",
        country="JP",
        hosts=[tokyo_gtai],
    )
    network_2024.topics.add(energy)
    planned_event = make_event(
        start="Q1 2022",
        title="Konstituierende Sitzung Steuerkreis",
        kind=Event.Kind.MEETING,
        status=Event.Status.PLANNED,
    )
    undated_event = make_event(start=None, title="Besuch der Asaka-Highschool", kind="exchange")
    cancelled_event = make_event(
        start="2019-10-01", title="Abgesagter Termin", status=Event.Status.CANCELLED
    )
    return Story(**{k: v for k, v in locals().items() if k in Story.__dataclass_fields__})
