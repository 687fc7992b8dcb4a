"""The network page and its JSON: filters, bad values, served script without inline code."""

import re

import pytest
from django.urls import reverse

from tests.pages.world import add_rows, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(size=2)


def graph(client, **params):
    return client.get(reverse("events:encounter_graph_data"), params)


def test_people_graph(manager_client, world):
    data = graph(manager_client).json()
    labels = {n["label"] for n in data["nodes"]}
    assert {"Thomas Kufen", "Katsuyoshi Shinahara", "Prof. Dr. Jörg Müller"} <= labels
    kufen = world["kufen"].pk
    assert all(e["weight"] >= 1 for e in data["edges"])
    assert any(kufen in (e["source"], e["target"]) for e in data["edges"])
    assert data["detail_url"] == "/personen/{id}/"


def test_organisation_graph_filtered_by_period_and_topic(manager_client, world):
    data = graph(manager_client, kind="organisation", year_from=2018, topic="energie").json()
    assert {n["label"] for n in data["nodes"]} == {
        "Stadt Essen",
        "Stadt Kōriyama",
        "Universitätsklinikum Essen",
    }
    assert graph(manager_client, kind="organisation", year_to=2009).json()["nodes"] == []


def test_edge_weight_counts_shared_events(manager_client, world):
    data = graph(manager_client, kind="organisation").json()
    essen, firm = world["essen"].pk, world["extra"][0][0].pk
    weights = {frozenset((e["source"], e["target"])): e["weight"] for e in data["edges"]}
    assert weights[frozenset((essen, firm))] == 1


@pytest.mark.parametrize(
    "params",
    [{"kind": "planet"}, {"year_from": "abc"}, {"year_from": 2020, "year_to": 2000}],
)
def test_bad_values_give_400_with_message(manager_client, world, params):
    response = graph(manager_client, **params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_graph_page_has_no_inline_script(manager_client, world):
    html = manager_client.get(reverse("events:encounter_graph")).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+=", html)  # no onclick= and the like
    assert "vendor/cytoscape/cytoscape.min.js" in html
    assert 'data-url="/begegnungen/netz/daten/"' in html


def test_vendored_library_is_served_by_the_app(manager_client, world):
    response = manager_client.get("/static/vendor/cytoscape/cytoscape.min.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"cytoscape" in body[:2000].lower()


def test_graph_needs_a_role(outsider_client, world):
    assert graph(outsider_client).status_code == 403
    assert outsider_client.get(reverse("events:encounter_graph")).status_code == 403


def test_graph_is_one_query(manager_client, world, django_assert_max_num_queries):
    add_rows(world, 40)
    with django_assert_max_num_queries(5):  # session, user, groups, the graph
        graph(manager_client, kind="organisation")
