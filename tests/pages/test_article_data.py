"""The questions the issue asks, answered on the five imported articles, by page and command.

- whom the mayor of Essen (Thomas Kufen) met in Japan, and when;
- which organisations took part in the Braunschweig kick-off (Auftaktveranstaltung, Nov 2021);
- every agreement with a Japanese partner.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from events.models import Event
from people.models import Organisation, Person

KICK_OFF_ORGANISATIONS = {
    "IHK Braunschweig",
    "TU Braunschweig",
    "IG Metall Salzgitter-Peine",
    "Volkswagen Group Academy",
    "Allianz für die Region GmbH",
}


@pytest.fixture(scope="module")
def articles(django_db_setup, django_db_blocker):
    """The five article files imported once for this module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_articles", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def kufen(articles, db):
    return Person.objects.get(given_name="Thomas", family_name="Kufen")


@pytest.fixture
def kick_off(articles, db):
    return Event.objects.get(kind=Event.Kind.KICK_OFF, city="Braunschweig")


def command(*args) -> list[dict]:
    out = io.StringIO()
    call_command("encounters", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


# --- whom the mayor of Essen met in Japan, and when ---


def test_mayor_of_essen_found_by_search(manager_client, kufen):
    response = manager_client.get(reverse("search"), {"q": "kufen"})
    people = response.context["results"][0]
    assert [p.pk for p in people["rows"]] == [kufen.pk]
    detail = manager_client.get(reverse("people:person_detail", args=[kufen.pk]))
    assert "Oberbürgermeister" in detail.content.decode()


def test_whom_the_mayor_met_in_japan_on_the_page(manager_client, kufen):
    response = manager_client.get(
        reverse("events:encounter_list"),
        {"person": kufen.pk, "country": "JP", "view": "occasions"},
    )
    rows = list(response.context["rows"])
    assert rows, "Kufen's encounters in Japan"
    assert {r.country for r in rows} == {"JP"}
    assert {r.date.iso()[:4] for r in rows} == {"2019"}
    shinagawa = [r for r in rows if r.met == "Masato Shinagawa"]
    assert [r.date.iso() for r in shinagawa] == ["2019-09-02"]
    assert "Koriyama" in shinagawa[0].place or "Kōriyama" in shinagawa[0].place
    assert "2. Sept. 2019" in response.content.decode()
    # The signing in Essen (Nov 2018) was in Germany, so it is not listed here …
    assert "Masato Iso" not in {r.met for r in rows}
    # … but it is among all his encounters.
    everywhere = manager_client.get(
        reverse("events:encounter_list"), {"person": kufen.pk, "view": "occasions"}
    )
    assert "Masato Iso" in {r.met for r in everywhere.context["rows"]}


def test_whom_the_mayor_met_in_japan_by_command(kufen):
    items = command("--person", "Thomas Kufen", "--country", "JP")
    assert ("Masato Shinagawa", "2019-09-02") in {(i["met"], i["date"]) for i in items}
    assert all(i["date"].startswith("2019") for i in items)
    everything = command("--person", "kufen")
    assert {i["met"] for i in everything} > {i["met"] for i in items}


def test_the_persons_page_shows_whom_he_met(manager_client, kufen):
    response = manager_client.get(reverse("people:person_detail", args=[kufen.pk]))
    assert "Masato Shinagawa" in {e.met for e in response.context["met"]}
    organisations = {row["organisation_name"] for row in response.context["organisations_met"]}
    assert "Stadt Koriyama" in organisations


# --- which organisations took part in the Braunschweig kick-off ---


def test_kick_off_found_in_the_event_list(manager_client, kick_off):
    response = manager_client.get(
        reverse("events:event_list"),
        {"kind": "kickoff", "q": "braunschweig", "year_from": 2021, "year_to": 2021},
    )
    assert [e.pk for e in response.context["rows"]] == [kick_off.pk]
    assert str(kick_off.start_date) == "25. Nov. 2021"


def test_kick_off_organisations_on_the_event_page(manager_client, kick_off):
    response = manager_client.get(reverse("events:event_detail", args=[kick_off.pk]))
    organisations = {
        p.organisation or p.name
        for group in response.context["by_role"]
        for p in group.participants
    }
    assert organisations >= KICK_OFF_ORGANISATIONS
    html = response.content.decode()
    for name in KICK_OFF_ORGANISATIONS:
        org = Organisation.objects.get(name=name)
        assert reverse("people:organisation_detail", args=[org.pk]) in html


def test_kick_off_organisations_by_command(kick_off):
    items = command("--organisation", "IHK Braunschweig", "--since", "2021", "--until", "2021")
    met = {i["met"] for i in items if i["event"] == kick_off.title}
    assert met >= KICK_OFF_ORGANISATIONS - {"IHK Braunschweig"}
    assert {i["date"] for i in items if i["event"] == kick_off.title} == {"2021-11-25"}


# --- every agreement with a Japanese partner ---


def test_agreements_with_a_japanese_partner_on_the_page(manager_client, articles, db):
    response = manager_client.get(reverse("partnerships:agreement_list"), {"country": "JP"})
    agreements = list(response.context["rows"])
    assert len(agreements) == 4
    for agreement in agreements:
        assert "JP" in {p.organisation.country.code for p in agreement.participants.all()}
    assert {str(a.signed) for a in agreements} >= {"ca. 2017", "16. Nov. 2018", "2. Sept. 2019"}
    # The BMAS funding has only German parties and stays out.
    assert not any("BMAS" in a.title for a in agreements)
    csv = manager_client.get(
        reverse("partnerships:agreement_list"), {"country": "JP", "format": "csv"}
    )
    assert b"".join(csv.streaming_content).decode("utf-8-sig").count("\n") == 5


def test_a_japanese_partner_page_lists_its_agreements(manager_client, articles, db):
    koriyama = Organisation.objects.get(name="Stadt Koriyama")
    response = manager_client.get(reverse("people:organisation_detail", args=[koriyama.pk]))
    assert len(response.context["agreements"]) == 3
    assert "Stadt Essen" in {p.name for p in response.context["partners"]}
    # Found by its other spelling, too.
    found = manager_client.get(reverse("people:organisation_list"), {"q": "Kōriyama"})
    assert koriyama in list(found.context["rows"])


def test_network_shows_essen_and_koriyama_connected(manager_client, articles, db):
    data = manager_client.get(
        reverse("events:encounter_graph_data"), {"kind": "organisation"}
    ).json()
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {frozenset((labels[e["source"]], labels[e["target"]])) for e in data["edges"]}
    assert frozenset(("Stadt Essen", "Stadt Koriyama")) in edges
    assert len(data["nodes"]) > 20
