"""The key facts of each of the five articles, as the import leaves them in the database."""

import datetime as dt

import pytest

from core.approxdate import Precision
from events.encounters import organisation_encounters
from events.models import Event, Participation
from partnerships.models import Agreement, Delegation
from people.models import Affiliation, Organisation, Person, Source

pytestmark = pytest.mark.usefixtures("articles_imported", "db")


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def person(family_name: str) -> Person:
    return Person.objects.get(family_name=family_name)


def signatories(agreement: Agreement) -> set[tuple[str, str, str]]:
    return {
        (s.person.family_name, s.organisation.name, s.role_title)
        for s in agreement.participants.filter(role="signatory").select_related(
            "person", "organisation"
        )
    }


def participants(event: Event) -> set[tuple[str, str]]:
    """(person family name or organisation name, role) of everyone at the event."""
    rows = event.participations.select_related("person", "organisation")
    return {(p.person.family_name if p.person else p.organisation.name, p.role) for p in rows}


# --- 2018: the delegation from Koriyama and Fukushima in Essen --------------------------------


def test_iuc_agreement_signed_by_kufen_and_kanno_on_friday_16_november_2018():
    iuc = Agreement.objects.get(title="IUC-Projektvereinbarung Essen–Koriyama")
    assert iuc.kind == Agreement.Kind.IUC
    assert iuc.signed_on == dt.date(2018, 11, 16)
    assert iuc.signed_on.weekday() == 4  # "Am Freitag"
    assert iuc.signed_on_precision == Precision.DAY
    assert iuc.signed_place == "Essen"
    assert signatories(iuc) == {
        ("Kufen", "Stadt Essen", "Oberbürgermeister"),
        ("Kanno", "Stadt Koriyama", "Vizebürgermeister"),
    }
    assert {p.organisation.name for p in iuc.participants.filter(role="party")} == {
        "Stadt Essen",
        "Stadt Koriyama",
    }


def test_iuc_signing_event_had_the_japanese_consul_general_present():
    event = Event.objects.get(title="Unterzeichnung der IUC-Projektvereinbarung Essen–Koriyama")
    assert event.kind == Event.Kind.SIGNING and event.status == Event.Status.HELD
    assert str(event.start_date) == "16. Nov. 2018"
    assert list(event.agreements.values_list("title", flat=True)) == [
        "IUC-Projektvereinbarung Essen–Koriyama"
    ]
    assert participants(event) == {
        ("Kufen", "signatory"),
        ("Kanno", "signatory"),
        ("Iso", "guest"),
        ("Stadt Essen", "host"),  # the host is a participation like any other
    }
    iso = event.participations.get(person__family_name="Iso")
    assert iso.role_title == "Generalkonsul von Japan in Düsseldorf"
    assert iso.organisation.name == "Generalkonsulat von Japan in Düsseldorf"


def test_incoming_delegation_2018_head_count_organiser_and_members():
    delegation = Delegation.objects.get(title__startswith="Delegation aus Koriyama")
    assert delegation.direction == Delegation.Direction.INCOMING
    assert (delegation.start, delegation.end) == (dt.date(2018, 11, 15), dt.date(2018, 11, 17))
    assert delegation.head_count_display == "rund 25 Teilnehmende"
    delegation = Delegation.objects.with_leaders().get(pk=delegation.pk)
    assert [m.organisation.name for m in delegation.organisers] == [
        "EWG – Essener Wirtschaftsförderungsgesellschaft mbH"
    ]
    assert [m.person.family_name for m in delegation.leaders] == ["Kanno"]
    assert delegation.origin_organisation.name == "Stadt Koriyama"
    members = {(m.person or m.organisation).__str__() for m in delegation.members.all()}
    assert {"Toshikazu Kanno", "Haruo Hoshi", "Southern Tohoku Hospital Group"} <= members
    assert delegation.events.count() == 6
    assert set(delegation.topics.values_list("slug", flat=True)) >= {
        "energie",
        "umwelt",
        "gesundheitswirtschaft",
    }


def test_essen_companies_met_the_southern_tohoku_experts_in_workshops():
    workshop = Event.objects.get(title__startswith="Workshops Gesundheit")
    assert workshop.kind == Event.Kind.WORKSHOP
    assert {
        ("ROESER MEDICAL", "guest"),
        ("NOWEDA", "guest"),
        ("Contilia", "guest"),
        ("Southern Tohoku Hospital Group", "delegation"),
        ("Fukushima Medical Device Development Support Centre", "delegation"),
    } <= participants(workshop)
    # The encounters the managers see are derived from these participations.
    met = {
        row["met_name"]
        for row in organisation_encounters(organisation=org("Southern Tohoku Hospital Group"))
    }
    assert {"ROESER MEDICAL", "NOWEDA", "Contilia"} <= met


def test_energy_experts_met_innogy_gwi_and_emschergenossenschaft():
    event = Event.objects.get(title__startswith="Austausch erneuerbare Energien")
    assert {
        ("Fukushima Renewable Research Institute", "delegation"),
        ("Nihon University", "delegation"),
        ("innogy", "guest"),
        ("Gas- und Wärmeinstitut Essen e.V.", "guest"),
        ("Emschergenossenschaft", "guest"),
    } <= participants(event)


def test_mou_was_signed_about_2017_in_koriyama():
    mou = Agreement.objects.get(kind=Agreement.Kind.MOU)
    assert str(mou.signed) == "ca. 2017"
    assert (mou.signed_on, mou.signed_on_precision, mou.signed_on_approx) == (
        dt.date(2017, 1, 1),
        Precision.YEAR,
        True,
    )
    assert mou.signed_place == "Kōriyama"
    assert ("Kufen", "Stadt Essen", "Oberbürgermeister") in signatories(mou)


def test_roles_as_they_were_at_the_time():
    assert Affiliation.objects.filter(
        person=person("Hoshi"),
        role_title="Leiter",
        organisation__name="Medical Industry Cluster Promotion Unit",
        organisation__parent__name="Präfektur Fukushima",
    ).exists()
    assert Affiliation.objects.filter(
        person=person("Boschem"), organisation__short_name="EWG", role_title="Geschäftsführer"
    ).exists()


# --- 2019: the Essen delegation to Japan -----------------------------------------------------


def test_supplementary_agreement_2_september_2019_by_kufen_and_shinagawa():
    supplement = Agreement.objects.get(kind=Agreement.Kind.SUPPLEMENTARY)
    assert supplement.signed_on == dt.date(2019, 9, 2)
    assert supplement.signed_on_precision == Precision.DAY
    assert signatories(supplement) == {
        ("Kufen", "Stadt Essen", "Oberbürgermeister"),
        ("Shinagawa", "Stadt Koriyama", "Oberbürgermeister"),
    }
    assert supplement.supplements.kind == Agreement.Kind.MOU
    assert list(supplement.topics.values_list("slug", flat=True)) == ["bildung-talentfoerderung"]


def test_outgoing_delegation_2019_led_by_kufen():
    delegation = Delegation.objects.get(title__startswith="Essener Delegation nach Japan")
    assert delegation.direction == Delegation.Direction.OUTGOING
    leaders = delegation.members.filter(role="leader")
    assert [m.person.family_name for m in leaders] == ["Kufen"]
    assert str(delegation.start_date) == "Sept. 2019"
    members = {
        (m.person.family_name, m.organisation.name, m.role_title)
        for m in delegation.members.select_related("person", "organisation")
    }
    assert members == {
        ("Kufen", "Stadt Essen", "Oberbürgermeister"),
        ("Boschem", "EWG – Essener Wirtschaftsförderungsgesellschaft mbH", "Geschäftsführer"),
        ("Schulze", "Medizinische Fakultät der Universität Duisburg-Essen", "Japanbeauftragte"),
        ("Bohm", "Grubenhelden", "Geschäftsführer"),
    }
    visit = Event.objects.get(title="Besuch bei Tohoku Murata Manufacturing in Koriyama")
    assert visit.delegation == delegation
    assert {("Kufen", "delegation"), ("Bohm", "delegation"), ("Schulze", "delegation")} <= (
        participants(visit)
    )


def test_programmes_famulatur_krupp_and_asaka_visit():
    famulatur = Agreement.objects.get(kind=Agreement.Kind.EXCHANGE)
    assert str(famulatur.valid_from_date) == "Sommer 2020"
    assert famulatur.valid_from_precision == Precision.SEASON
    assert (
        "Schulze",
        "Medizinische Fakultät der Universität Duisburg-Essen",
        "Japanbeauftragte",
    ) in (signatories(famulatur))
    exchange = Event.objects.get(title__startswith="Famulatur eines Essener")
    assert exchange.status == Event.Status.PLANNED
    assert str(exchange.start_date) == "Sommer 2020"

    krupp = Event.objects.get(title__contains="Krupp-Schülerstipendium")
    assert krupp.status == Event.Status.PLANNED
    assert krupp.start is None and krupp.start_precision == Precision.UNKNOWN

    asaka = Event.objects.get(title__contains="Asaka-Highschool")
    assert asaka.status == Event.Status.PLANNED
    assert (asaka.start, asaka.start_precision) == (dt.date(2019, 1, 1), Precision.YEAR)
    assert ("Asaka-Highschool", "guest") in participants(asaka)


def test_medical_faculty_belongs_to_the_university():
    faculty = org("Medizinische Fakultät der Universität Duisburg-Essen")
    assert faculty.parent.name == "Universität Duisburg-Essen"


# --- Dortmund: second Stammtisch USA/Kanada (no date in the article) ---------------------------


def test_stammtisch_hosts_venue_and_unknown_date():
    stammtisch = Event.objects.get(title="Zweiter Stammtisch USA/Kanada in Dortmund")
    assert stammtisch.kind == Event.Kind.ROUND_TABLE
    assert stammtisch.start is None and str(stammtisch.start_date) == "Datum unbekannt"
    hosts = stammtisch.participations.filter(role="host")
    assert set(hosts.values_list("organisation__name", flat=True)) == {
        "Industrie- und Handelskammer zu Dortmund",
        "Wirtschaftsförderung Dortmund",
        "Projekt in die Region Westfalen",
        "Dortmunder Oberflächenzentrum",  # a person hosting for it (participants, role host)
    }
    assert stammtisch.venue.name == "Dortmunder Oberflächenzentrum"
    assert stammtisch.head_count == 20 and stammtisch.head_count_approx
    nake = stammtisch.participations.get(person__family_name="Nake")
    assert (nake.role_title, nake.organisation.name) == (
        "Trade Commissioner",
        "Kanadische Botschaft",
    )
    tour = Event.objects.get(title__startswith="Institutsrundgang")
    assert participants(tour) == {("Paschke", "host"), ("Roch", "host")}
    assert (
        Source.objects.get(reference="undatiert-dortmund-stammtisch-usa-kanada").published_on
        is None
    )


def test_fraunhofer_parents_and_published_contact_data():
    assert org("Dortmunder Oberflächenzentrum").parent.name == "Fraunhofer IWS"
    assert org("Fraunhofer IWS").parent.name == "Fraunhofer-Gesellschaft"
    assert org("Fraunhofer IST").parent.name == "Fraunhofer-Gesellschaft"
    jaeger = person("Jäger")
    assert (jaeger.email, jaeger.phone) == ("jjaeger@stadtdo.de", "0231 50 24821")
    assert jaeger.legal_basis == Person.LegalBasis.PUBLIC_ROLE
    assert jaeger.affiliations.get().role_title == "Investor Support International"
    assert person("Grützenbach").email == "frank.gruetzenbach@stadtdo.de"


# --- Braunschweig: the Weiterbildungsverbund and its Steuerkreis ------------------------------


def test_steering_committee_members_with_their_organisations():
    members = Affiliation.objects.filter(
        organisation__name="Steuerkreis Kooperative Weiterbildung Südostniedersachsen"
    ).select_related("person")
    assert {
        (a.person.family_name, a.role_title.split("(für ")[1].rstrip(")")) for a in members
    } == {
        ("Göbel", "Allianz für die Region"),
        ("Wiencke", "Allianz für die Region"),
        ("Löbermann", "IHK Braunschweig"),
        ("Koch", "TU Braunschweig"),
        ("Wilhelm", "IG Metall Salzgitter-Peine"),
        ("Syring", "Volkswagen Group Academy"),
        ("von Lützow", "Teutloff Technische Akademie"),
    }
    assert {a.since for a in members} == {dt.date(2021, 11, 25)}
    assert person("Koch").honorific == "Prof. Dr."
    assert person("von Lützow").given_name == "Alexander"


def test_planned_constituent_meeting_and_working_groups():
    constituent = Event.objects.get(title__startswith="Konstituierende Sitzung")
    assert constituent.status == Event.Status.PLANNED
    assert str(constituent.start_date) == "März 2022"
    assert constituent.participations.count() == 7
    groups = Event.objects.get(title__startswith="Treffen der Arbeitskreise")
    assert (groups.status, str(groups.start_date)) == (Event.Status.PLANNED, "Q1 2022")


def test_kickoff_with_four_impulses_and_sixty_participants():
    kickoff = Event.objects.get(kind=Event.Kind.KICK_OFF)
    assert kickoff.start == dt.date(2021, 11, 25)
    assert kickoff.venue.name == "TrafoHub Braunschweig"
    assert kickoff.head_count == 60 and kickoff.head_count_approx
    speakers = {name for name, role in participants(kickoff) if role == "speaker"}
    assert speakers == {
        "Veränderungsmacher*in",
        "Digitale Kompetenzen in der Weiterbildung",
        "DIGIT Forschungszentrum",
        "Volkswagen",
    }
    assert org("Volkswagen Group Academy").parent.name == "Volkswagen"
    assert org("DIGIT Forschungszentrum").parent.name == "TU Clausthal"


# --- QLEE in Japan, February 2024 ------------------------------------------------------------


def test_qlee_trip_month_precision_and_eighteen_companies():
    source = Source.objects.get(reference="2024-02-qlee-japan-delegation")
    assert (source.published_on, source.author) == (dt.date(2024, 2, 24), "Germaine Gräff")
    trip = Delegation.objects.get(title__startswith="Delegationsreise QLEE")
    assert (trip.start, trip.start_precision) == (dt.date(2024, 2, 1), Precision.MONTH)
    assert trip.head_count_display == "18 Unternehmen"
    assert trip.members.get().person.family_name == "Tackenberg"
    gtai = Event.objects.get(title__startswith="Netzwerkveranstaltung der GTAI")
    assert gtai.head_count == 70 and gtai.head_count_approx
    assert ("Tackenberg", "speaker") in participants(gtai)
    visits = Event.objects.filter(delegation=trip, kind=Event.Kind.VISIT)
    assert {e.venue.name for e in visits} == {"Panasonic", "AIST Tokyo Waterfront"}
    goetze = Participation.objects.get(person__family_name="von Goetze")
    assert goetze.role_title == "Deutscher Botschafter in Japan"
    assert goetze.event.delegation == trip


# --- every record cites its article ----------------------------------------------------------


@pytest.mark.parametrize(
    "model", [Organisation, Person, Affiliation, Delegation, Agreement, Event], ids=str
)
def test_every_record_cites_an_article(model):
    assert model.objects.exists()
    assert not model.objects.filter(sources=None).exists()


def test_five_sources_one_per_file():
    assert set(Source.objects.values_list("reference", flat=True)) == {
        "2018-11-essen-koriyama-delegation",
        "2019-09-essen-delegation-japan",
        "2021-11-braunschweig-weiterbildungsverbund",
        "2024-02-qlee-japan-delegation",
        "undatiert-dortmund-stammtisch-usa-kanada",
    }
