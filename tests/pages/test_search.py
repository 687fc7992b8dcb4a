"""Site search (/suche/) and accent-free matching of titles in the database."""

import pytest
from django.urls import reverse

from core.search import search_q
from events.models import Event
from tests.factories import make_event
from tests.pages.world import build_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Besuch in Kōriyama", "koriyama"),
        ("Besuch in Kōriyama", "KŌRIYAMA"),
        ("Workshop Müller", "muller"),
        ("Workshop MÜLLER", "müller"),
        ("Straßenfest", "strassenfest"),
        ("Œuvre Ærø", "oeuvre aero"),
        ("Crème brûlée", "CREME BRULEE"),
        ("Łódź", "lodz"),
    ],
)
def test_titles_match_without_accents_or_case(title, query):
    event = make_event(title=title)
    make_event(title="Etwas anderes")
    assert list(Event.objects.filter(search_q(Event, query))) == [event]


def test_every_word_has_to_match():
    make_event(title="Unterzeichnung in Kōriyama")
    assert Event.objects.filter(search_q(Event, "unterzeichnung koriyama")).count() == 1
    assert Event.objects.filter(search_q(Event, "unterzeichnung essen")).count() == 0


def test_search_finds_every_kind_by_any_name(manager_client):
    world = build_world(size=1)
    response = manager_client.get(reverse("search"), {"q": "koriyama"})
    assert response.status_code == 200
    sections = {str(s["title"]): [str(r) for r in s["rows"]] for s in response.context["results"]}
    assert sections["Organisationen"] == ["Stadt Kōriyama"]
    assert sections["Veranstaltungen"] == ["Unterzeichnung in Kōriyama"]
    assert sections["Vereinbarungen"] == ["Memorandum of Understanding Essen–Kōriyama"]
    assert sections["Delegationen"] == ["Delegationsreise nach Kōriyama"]
    html = response.content.decode()
    assert reverse("people:organisation_detail", args=[world["koriyama"].pk]) in html
    people = manager_client.get(reverse("search"), {"q": "muller"}).context["results"][0]
    assert [str(r) for r in people["rows"]] == ["Prof. Dr. Jörg Müller"]


def test_search_box_is_on_every_page(manager_client):
    for name in ("home", "people:person_list", "events:encounter_graph"):
        html = manager_client.get(reverse(name)).content.decode()
        assert f'action="{reverse("search")}"' in html


@pytest.mark.parametrize("query", ["x" * 5000, "\x00", "\u0301", "%", "_", "'; drop table"])
def test_hostile_queries(manager_client, query):
    build_world(size=0)
    response = manager_client.get(reverse("search"), {"q": query})
    assert response.status_code == 200


def test_long_query_is_refused_with_a_message(manager_client, db):
    response = manager_client.get(reverse("search"), {"q": "x" * 201})
    assert "zu lang" in response.content.decode()


def test_search_needs_a_role(outsider_client):
    assert outsider_client.get(reverse("search"), {"q": "x"}).status_code == 403


def test_search_query_count_is_fixed(manager_client, django_assert_max_num_queries):
    build_world(size=30)
    with django_assert_max_num_queries(9):
        manager_client.get(reverse("search"), {"q": "a"})
