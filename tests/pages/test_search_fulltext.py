"""Site search over events, agreements and delegations: stored folded names, German full-text
search over their free text (PostgreSQL), a SQLite fallback, hostile input, query counts."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from core.search import search_q
from events.models import Event
from partnerships.models import Agreement, Delegation
from tests.factories import make_agreement, make_delegation, make_event

pytestmark = pytest.mark.django_db
LISTS = ("events:event_list", "partnerships:agreement_list", "partnerships:delegation_list")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL FTS")


def found(client, query) -> dict[str, list[str]]:
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return {str(s["title"]): [str(r) for r in s["rows"]] for s in response.context["results"]}


@pytest.mark.parametrize("query", ["Müller", "muller", "MÜLLER", "müller", "Muller"])
def test_every_kind_is_found_by_accented_unaccented_and_case_varied_words(manager_client, query):
    make_event(title="Besuch bei Müller", venue_name="Rathaus", city="Kōriyama")
    make_agreement(title="Memorandum Müller – Essen")
    make_delegation(title="Reise zu Müller", destination_city="Łódź")
    make_event(title="Etwas anderes")
    sections = found(manager_client, query)
    assert sections["Veranstaltungen"] == ["Besuch bei Müller"]
    assert sections["Vereinbarungen"] == ["Memorandum Müller – Essen"]
    assert sections["Delegationen"] == ["Reise zu Müller"]


def test_places_are_searched_too(manager_client):
    make_event(title="Empfang", venue_name="Schloß Bürgeln", city="Kōriyama")
    make_delegation(title="Reise", origin_city="Düsseldorf", destination_city="Łódź")
    assert found(manager_client, "schloss")["Veranstaltungen"] == ["Empfang"]
    assert found(manager_client, "KORIYAMA")["Veranstaltungen"] == ["Empfang"]
    assert found(manager_client, "lodz")["Delegationen"] == ["Reise"]
    assert found(manager_client, "dusseldorf")["Delegationen"] == ["Reise"]


def test_search_text_follows_edits():
    event = make_event(title="Alt", city="Essen")
    assert event.search_text == "alt\nessen"
    event.title, event.city = "Neu in Köln", "Köln"
    event.save()
    event.refresh_from_db()
    assert event.search_text == "neu in koln\nkoln"
    event.venue_name = "Gürzenich"
    event.save(update_fields=["venue_name"])  # search_text is written with it
    event.refresh_from_db()
    assert "gurzenich" in event.search_text.split("\n")
    agreement = make_agreement(title="Vertrag")
    agreement.title = "Vertrag Ōsaka"
    agreement.save()
    assert Agreement.objects.get(search_text="vertrag osaka") == agreement
    delegation = make_delegation(title="Reise")
    delegation.destination_city = "Zürich"
    delegation.save()
    assert list(Delegation.objects.filter(search_q(Delegation, "zurich"))) == [delegation]


def test_admin_add_and_change_fill_search_text(editor_client):
    data = {
        "title": "Empfang im Rathaus", "kind": "network", "status": "held",
        "start": "2018-11-16", "start_precision": "day", "end_precision": "unknown",
        "venue_name": "Schloß", "city": "Kōriyama", "country": "JP",
        "participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0", "participations-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = editor_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.search_text == "empfang im rathaus\nschloss\nkoriyama"
    data |= {"title": "Empfang in Ōsaka", "city": "Ōsaka"}
    response = editor_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.search_text == "empfang in osaka\nschloss\nosaka"
    assert event.history.latest().search_text == event.search_text


def test_import_fills_search_text():
    call_command("import_articles", stdout=io.StringIO())  # the five press articles
    for model in (Event, Agreement, Delegation):
        rows = list(model.objects.all())
        assert rows, model
        for obj in rows:
            stored = obj.search_text
            obj.refresh_search_text()
            assert stored and obj.search_text == stored


def test_description_is_searched(manager_client):
    make_event(title="Workshop", description="Wasserstoff aus Kōriyama für Essen")
    make_agreement(title="MoU", description="Zusammenarbeit in der Medizintechnik")
    make_delegation(title="Reise", purpose="Wasserstoff-Projekte anbahnen")
    sections = found(manager_client, "wasserstoff")
    assert sections["Veranstaltungen"] == ["Workshop"]
    assert sections["Delegationen"] == ["Reise"]
    assert found(manager_client, "Medizintechnik")["Vereinbarungen"] == ["MoU"]
    # Words from the names and from the description together.
    assert found(manager_client, "workshop wasserstoff")["Veranstaltungen"] == ["Workshop"]
    assert found(manager_client, "workshop kohle")["Veranstaltungen"] == []


def test_list_filter_finds_what_the_search_page_finds(manager_client):
    make_event(title="Workshop", description="Wasserstoff aus Kōriyama")
    make_event(title="Anderes")
    html = manager_client.get(reverse("events:event_list"), {"q": "wasserstoff"}).content
    assert b"Workshop" in html and b"Anderes" not in html


@postgresql_only
def test_german_stemming(manager_client):
    make_event(title="Forum", description="Die Zukunft des Wasserstoffs in der Region")
    make_delegation(title="Reise", purpose="Besuch mehrerer Krankenhäuser")
    make_agreement(title="Vertrag", description="Gemeinsame Forschungsprojekte")
    assert found(manager_client, "Wasserstoff")["Veranstaltungen"] == ["Forum"]
    assert found(manager_client, "wasserstoffe")["Veranstaltungen"] == ["Forum"]
    assert found(manager_client, "Krankenhaus")["Delegationen"] == ["Reise"]
    assert found(manager_client, "forschungsprojekt")["Vereinbarungen"] == ["Vertrag"]
    # web-search syntax: a quoted phrase, an excluded word
    assert found(manager_client, '"zukunft des wasserstoffs"')["Veranstaltungen"] == ["Forum"]
    assert found(manager_client, "wasserstoff -region")["Veranstaltungen"] == []


@postgresql_only
def test_matches_in_the_title_rank_before_matches_in_the_description(manager_client):
    make_event(title="Empfang", description="Thema: Wasserstoff", start="2024-01-01")
    make_event(title="Wasserstoff-Tag", start="2001-01-01")
    assert found(manager_client, "wasserstoff")["Veranstaltungen"] == [
        "Wasserstoff-Tag",
        "Empfang",
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite fallback")
def test_sqlite_falls_back_to_folded_contains(manager_client):
    make_event(title="Forum", description="Die Zukunft des WASSERSTOFFS in Kōriyama")
    assert found(manager_client, "wasserstoff")["Veranstaltungen"] == ["Forum"]
    assert found(manager_client, "koriyama")["Veranstaltungen"] == ["Forum"]


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "müller\x00",
        "a\x00b",
        "x" * 199 + "\x00",
        "!!! ??? ...",
        "-",
        '"',
        '"unbalanced',
        "-müller",
        "or",
        "der die das",
        "a & b | !c",
        "<script>",
        "'; drop table events_event; --",
        "%_\\",
        "wort " * 40,
        "ä" * 200,
    ],
)
def test_hostile_queries_never_fail(manager_client, query):
    make_event(title="Müller", description="Wasserstoff")
    response = manager_client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    for name in LISTS:
        assert manager_client.get(reverse(name), {"q": query[:200]}).status_code == 200


@pytest.mark.parametrize("query", ["a", "muller", "wasserstoff forum"])
def test_query_count_is_pinned(manager_client, django_assert_num_queries, query):
    for n in range(25):
        make_event(title=f"Müller {n}", description="Wasserstoff a")
        make_agreement(title=f"Forum Müller {n}", description="a")
        make_delegation(title=f"Müller-Reise {n}", purpose="Wasserstoff")
    manager_client.get(reverse("search"), {"q": "warm"})  # session, user, roles cached
    with django_assert_num_queries(8):
        manager_client.get(reverse("search"), {"q": query})
