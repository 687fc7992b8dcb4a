"""The person and organisation pages: one timeline of events, delegations, agreements and
notes, newest first; the "Notiz hinzufügen" link for editors; query counts pinned."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_note, make_note_participant, make_person
from tests.pages.world import add_rows, build_world

pytestmark = pytest.mark.django_db

ADD = reverse("admin:contacts_contactnote_add")


@pytest.fixture
def world():
    world = build_world(size=2)
    world["note"] = make_note(subject="Telefonat zur Medizintechnik", kind="call")
    make_note_participant(note=world["note"], person=world["kufen"], organisation=world["essen"])
    return world


def person_url(world):
    return reverse("people:person_detail", args=[world["kufen"].pk])


def organisation_url(world):
    return reverse("people:organisation_detail", args=[world["essen"].pk])


def test_person_timeline_merges_everything_newest_first(manager_client, world):
    response = manager_client.get(person_url(world))
    timeline = response.context["timeline"]
    assert {str(e.label) for e in timeline} == {
        "Veranstaltung", "Delegation", "Vereinbarung", "Gesprächsnotiz",
    }  # fmt: skip
    dates = [e.date.value for e in timeline if e.date.value]
    assert dates == sorted(dates, reverse=True)
    assert timeline[0].text == "Telefonat zur Medizintechnik"  # 2024, the newest
    assert "Telefonat, Gesprächspartner/in, für Stadt Essen" in timeline[0].detail
    html = response.content.decode()
    assert 'id="zeitleiste"' in html
    assert reverse("admin:contacts_contactnote_change", args=[world["note"].pk]) in html
    assert "Notiz hinzufügen" not in html  # managers do not write


def test_organisation_timeline_has_the_notes(manager_client, world):
    timeline = manager_client.get(organisation_url(world)).context["timeline"]
    assert timeline[0].text == "Telefonat zur Medizintechnik"
    assert "Gesprächsnotiz" in {str(e.label) for e in timeline}


def test_other_people_s_notes_are_not_on_the_page(manager_client, world):
    make_note(subject="Ganz anderes Gespräch", people=[make_person()])
    html = manager_client.get(person_url(world)).content.decode()
    assert "Ganz anderes Gespräch" not in html


@pytest.mark.parametrize(
    ("page", "param"), [(person_url, "person"), (organisation_url, "organisation")]
)
def test_editors_get_the_add_note_link(editor_client, world, page, param):
    html = editor_client.get(page(world)).content.decode()
    record = world["kufen"] if param == "person" else world["essen"]
    assert "Notiz hinzufügen" in html
    assert f'href="{ADD}?{param}={record.pk}"' in html


PINNED = {"people:person_detail": 13, "people:organisation_detail": 18}


@pytest.mark.parametrize("name", list(PINNED))
def test_query_count_is_pinned_whatever_the_rows(
    manager_client, django_assert_num_queries, world, name
):
    record = world["kufen"] if name == "people:person_detail" else world["essen"]
    url = reverse(name, args=[record.pk])
    with django_assert_num_queries(PINNED[name]):
        manager_client.get(url)
    add_rows(world, 10)
    for index in range(10):
        note = make_note(date=dt.date(2023, 1, 1 + index), people=[make_person()])
        make_note_participant(note=note, person=world["kufen"], organisation=world["essen"])
    with django_assert_num_queries(PINNED[name]):
        response = manager_client.get(url)
    assert sum(str(e.label) == "Gesprächsnotiz" for e in response.context["timeline"]) == 11
