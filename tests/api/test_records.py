"""Reading and writing records through the API: the same rows as the list pages, keyset
pages, approximate dates, nested participants, validation, history and activity upkeep."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity.models import PersonYear
from events.models import Event, Participation
from people.models import Organisation
from tests import factories

EVENTS = "/api/v1/events/"


def post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def city(db):
    return factories.make_organisation(name="Stadt Essen", kind="city")


@pytest.fixture
def mayor(db, city):
    person = factories.make_person(given_name="Thomas", family_name="Kufen")
    factories.make_affiliation(person=person, organisation=city, role_title="Oberbürgermeister")
    return person


def test_lists_share_the_list_pages_filterset_and_sorts(manager_client, manager_api, city):
    from api.views import EventViewSet
    from front.views.events import EventListView

    assert EventViewSet().filterset_class is EventListView.filterset_class
    for year in (2017, 2018, 2019):
        event = factories.make_event(start=f"{year}-05-01", title=f"Besuch {year}")
        factories.add_host(event, city)
    factories.make_event(start="2018-06-01", title="Ohne Essen")
    query = f"?organisation={city.pk}&year_from=2018&sort=title"
    page = manager_client.get(reverse("events:event_list") + query)
    api = manager_api.get(EVENTS + query).json()
    assert [e["id"] for e in api["results"]] == [e.pk for e in page.context["rows"]]
    assert [e["title"] for e in api["results"]] == ["Besuch 2018", "Besuch 2019"]


def test_keyset_pages_walk_forward_and_back(manager_api, db):
    for n in range(7):
        factories.make_organisation(name=f"Org {n:02d}")
    seen, url = [], "/api/v1/organisations/?page_size=3"
    pages = []
    while url:
        body = manager_api.get(url).json()
        pages.append(body)
        seen += [o["name"] for o in body["results"]]
        url = body["next"]
    assert seen == sorted(seen) and len(seen) == 7 and len(pages) == 3
    assert pages[0]["count"] == 7 and pages[0]["previous"] is None
    back = manager_api.get(pages[2]["previous"]).json()
    assert [o["name"] for o in back["results"]] == seen[3:6]
    last = manager_api.get("/api/v1/organisations/?page_size=3&page=last").json()
    assert [o["name"] for o in last["results"]] == seen[4:]


@pytest.mark.parametrize(
    "query, field",
    [
        ("?page=a.kaputt", "page"),
        ("?page_size=0", "page_size"),
        ("?page_size=²", "page_size"),
        ("?sort=gibtsnicht", "sort"),
        ("?year_from=2020&year_to=2019", "non_field_errors"),
        ("?unbekannt=1", "unbekannt"),
        ("?topic=²9", None),  # a superscript digit is a slug that matches nothing
    ],
)
def test_bad_list_parameters_are_named(manager_api, db, query, field):
    response = manager_api.get(EVENTS + query)
    if field is None:
        assert response.status_code == 200 and response.json()["results"] == []
    else:
        assert response.status_code == 400
        assert field in response.json()


def test_create_an_event_with_participants(editor, editor_api, city, mayor):
    body = {
        "title": "Workshop Wasserstoff",
        "kind": "workshop",
        "status": "held",
        "start": "2022-33",  # EDTF: first quarter 2022
        "end": {"value": "2022-03-31", "precision": "day", "approximate": False},
        "country": "DE",
        "participants": [
            {"person": mayor.pk, "organisation": city.pk, "role": "host", "role_title": "OB"},
            {"organisation": city.pk, "role": "organiser"},
        ],
    }
    response = post(editor_api, EVENTS, body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["start"] == {
        "value": "2022-01-01",
        "precision": "quarter",
        "approximate": False,
        "edtf": "2022-33",
        "text": "Q1 2022",
    }
    assert [(p["person_name"], p["role"]) for p in created["participants"]] == [
        ("Thomas Kufen", "host"),
        (None, "organiser"),
    ]
    event = Event.objects.get(pk=created["id"])
    assert event.history.get().history_user == editor  # the acting user, as in the admin
    assert Participation.objects.get(event=event, person=mayor).history.get().history_user == editor
    assert PersonYear.objects.filter(person=mayor, year=2022).exists()  # activity kept current

    # Replacing the participants removes the host, keeps the organiser, adds a guest.
    guest = factories.make_person(family_name="Shinagawa")
    changed = post(
        editor_api,
        f"{EVENTS}{event.pk}/",
        {"participants": [{"organisation": city.pk, "role": "organiser"},
                          {"person": guest.pk, "role": "guest"}]},
        method="patch",
    )  # fmt: skip
    assert changed.status_code == 200, changed.json()
    assert sorted(event.participations.values_list("role", flat=True)) == ["guest", "organiser"]
    assert not PersonYear.objects.filter(person=mayor).exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"start": "2022-02-30"}, "start"),
        ({"start": "2022-37"}, "start"),
        ({"start": {"value": None, "precision": "year"}}, "start"),
        ({"start": {"value": "2022-01-01", "precision": "decade"}}, "start"),
        ({"start": {"value": "2022-02-14", "precision": "month"}}, "start"),  # not moved
        ({"start": "2019", "end": "2018"}, "non_field_errors"),
        ({"kind": "party"}, "kind"),
        ({"colour": "blau"}, "colour"),
        ({"venue": 2**70}, "venue"),
        ({"venue": "1"}, "venue"),
        ({"participants": [{"role": "host"}]}, "participants"),
        ({"participants": [{"person": 1, "role": "host", "extra": 1}]}, "participants"),
        ({"title": "x" * 251}, "title"),
        ({"title": "a\x00b"}, "title"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(editor_api, city, mayor, change, field):
    body = {"title": "Besuch", "kind": "visit", "start": "2019", **change}
    before = (Event.objects.count(), Participation.objects.count())
    response = post(editor_api, EVENTS, body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert (Event.objects.count(), Participation.objects.count()) == before


def test_a_participant_error_rolls_back_the_event(editor_api, city, mayor):
    """The event row is saved before its participants are checked; one bad participant (a
    signatory twice) must undo it."""
    participant = {"person": mayor.pk, "organisation": city.pk, "role": "host"}
    response = post(
        editor_api, EVENTS, {"title": "Doppelt", "participants": [participant, participant]}
    )
    assert response.status_code == 400
    assert response.json()["participants"][1]
    assert not Event.objects.filter(title="Doppelt").exists()


def test_agreement_signatory_must_sign_for_a_party(editor_api, city, mayor):
    partner = factories.make_organisation(name="Stadt Koriyama", country="JP")
    body = {
        "title": "Absichtserklärung",
        "kind": "loi",
        "signed_on": "2018-11-16",
        "participants": [
            {"organisation": city.pk, "role": "party"},
            {"person": mayor.pk, "role": "signatory"},  # for no organisation
        ],
    }
    response = post(editor_api, "/api/v1/agreements/", body)
    assert response.status_code == 400
    body["participants"] += [{"organisation": partner.pk, "role": "party"}]
    body["participants"][1]["organisation"] = city.pk
    created = post(editor_api, "/api/v1/agreements/", body).json()
    assert created["parties"] == [city.pk, partner.pk]
    assert created["signatories"] == [mayor.pk]
    supplement = post(
        editor_api,
        "/api/v1/agreements/",
        {"title": "Zusatz", "kind": "supplement", "supplements": created["id"]},
    ).json()
    assert supplement["chain"] == [created["id"], supplement["id"]]


def test_person_with_functions(editor_api, city):
    body = {
        "honorific": "Dr.",
        "given_name": "Erika",
        "family_name": "Muster",
        "name_variants": ["E. Muster"],
        "legal_basis": "public",
        "functions": [{"organisation": city.pk, "role_title": "Dezernentin", "since": "2017~"}],
    }
    response = post(editor_api, "/api/v1/people/", body)
    assert response.status_code == 201, response.json()
    person = response.json()
    assert person["full_name"] == "Dr. Erika Muster"
    assert person["functions"][0]["since"]["text"] == "ca. 2017"
    found = editor_api.get("/api/v1/people/?q=E.%20Muster").json()["results"]
    assert [p["id"] for p in found] == [person["id"]]


def test_delete_of_a_record_still_in_use_is_refused(editor_api, city):
    factories.add_host(factories.make_event(), city)
    response = editor_api.delete(f"/api/v1/organisations/{city.pk}/")
    assert response.status_code == 409
    assert response.json()["used_by"]
    assert Organisation.objects.filter(pk=city.pk).exists()
    free = factories.make_organisation()
    assert editor_api.delete(f"/api/v1/organisations/{free.pk}/").status_code == 204


def test_huge_body_is_refused_before_it_is_read(editor_api, settings, db):
    settings.API_MAX_BODY_BYTES = 1000
    response = post(
        editor_api, "/api/v1/topics/", {"name": "x", "slug": "x", "description": "y" * 2000}
    )
    assert response.status_code == 413
    assert "detail" in response.json()


def test_unknown_address_under_api_is_json(manager_api, db):
    for url in ("/api/v1/gibtsnicht/", "/api/v1/events/abc/", "/api/v1/events/99999999999999999/"):
        response = manager_api.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"


def _query_counts(client, city, rows: int) -> tuple[int, int]:
    Event.objects.all().delete()
    people = [factories.make_person() for _ in range(rows)]
    for n in range(rows):
        event = factories.make_event(title=f"E{n}")
        for person in people:
            factories.make_participation(event=event, person=person, organisation=city)
        event.topics.add(factories.make_topic())
    with CaptureQueriesContext(connection) as listed:
        assert client.get(EVENTS + "?page_size=5").status_code == 200
    with CaptureQueriesContext(connection) as detail:
        assert client.get(f"{EVENTS}{event.pk}/").status_code == 200
    return len(listed), len(detail)


def test_list_and_detail_queries_do_not_grow_with_rows(manager_api, city):
    # Both sizes fill more than one page, so both lists count.
    assert _query_counts(manager_api, city, 6) == _query_counts(manager_api, city, 15)
    listed, detail = _query_counts(manager_api, city, 6)
    # list: key, groups, page, count, one query per nested list (agreements, topics, sources)
    # and the participant counts; detail: key, groups, the event, the nested lists, the
    # participants and their names (people, organisations)
    assert (listed, detail) == (8, 9)


def test_encounters_are_the_encounter_pages_rows(manager_client, manager_api, city, mayor):
    guest = factories.make_person(given_name="Aiko", family_name="Satō")
    guest_city = factories.make_organisation(name="Koriyama", kind="city", country="JP")
    for year in (2018, 2019):
        event = factories.make_event(start=f"{year}-11-16", status="held", title=f"Besuch {year}")
        factories.make_participation(event=event, person=mayor, organisation=city)
        factories.make_participation(event=event, person=guest, organisation=guest_city)
    query = f"?person={mayor.pk}&year_from=2019"
    page = manager_client.get(reverse("events:encounter_list") + query + "&view=occasions")
    body = manager_api.get("/api/v1/encounters/" + query).json()
    rows = page.context["rows"]
    assert [(e["met"], e["event"]) for e in body["results"]] == [
        (r.met_id, r.event_id) for r in rows
    ]
    (encounter,) = body["results"]
    assert encounter["met_name"] == "Aiko Satō" and encounter["met_for_name"] == "Koriyama"
    assert encounter["date"]["edtf"] == "2019-11-16" and encounter["kind"] == "person"
    organisations = manager_api.get(f"/api/v1/encounters/?organisation={city.pk}").json()
    assert {e["met_name"] for e in organisations["results"]} == {"Koriyama"}
    assert {e["kind"] for e in organisations["results"]} == {"organisation"}


def test_messages_follow_the_requested_language(manager_api, db):
    german = manager_api.get(EVENTS + "?farbe=blau").json()
    english = manager_api.get(EVENTS + "?farbe=blau", HTTP_ACCEPT_LANGUAGE="en").json()
    assert german == {"farbe": ["Diesen Parameter gibt es nicht."]}
    assert english == {"farbe": ["This parameter does not exist."]}
