"""People as vCards: one person, and the filtered person list as one .vcf; parsed back with
vobject. Erased people are never exported; only readers get them."""

import datetime as dt

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Person
from privacy.models import ErasureRecord
from privacy.services import erase_person
from tests.factories import make_affiliation, make_organisation, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mueller():
    person = make_person(
        honorific="Prof. Dr.",
        given_name="Jörg",
        family_name="Müller; Schmidt",
        name_variants="Joerg Mueller\nJ. Müller, Essen",
        email="j.mueller@example.org",
        phone="+49 201 123456",
    )
    old = make_organisation(name="Alte Firma")
    clinic = make_organisation(name="Universitätsklinikum Essen, Zentrum \\ Süd")
    make_affiliation(person, old, role_title="Berater", until=dt.date(2015, 1, 1),
                     until_precision="year")  # fmt: skip
    make_affiliation(person, clinic, role_title="Direktor der Klinik für Kardiologie",
                     is_primary=True)  # fmt: skip
    return person


def _card(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_person_vcard_parses_with_every_field(manager_client, mueller):
    response = manager_client.get(reverse("people:person_vcard", args=[mueller.pk]))
    assert f'filename="person-{mueller.pk}.vcf"' in response["Content-Disposition"]
    text = _card(response)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert all(len(line.encode()) <= 76 for line in text.split("\r\n"))  # folded
    card = vobject.readOne(text)
    assert card.n.value.family == "Müller; Schmidt"  # the semicolon escaped, not a new part
    assert card.n.value.given == "Jörg"
    assert card.n.value.prefix == "Prof. Dr."
    assert card.fn.value == "Prof. Dr. Jörg Müller; Schmidt"
    assert [n.value for n in card.contents["nickname"]] == ["Joerg Mueller", "J. Müller, Essen"]
    assert card.org.value == ["Universitätsklinikum Essen, Zentrum \\ Süd"]
    assert card.title.value == "Direktor der Klinik für Kardiologie"
    assert card.email.value == "j.mueller@example.org"
    assert card.tel.value == "+49 201 123456"
    assert card.uid.value == f"urn:x-crm:person:{mueller.pk}"
    assert card.url.value == f"http://testserver/personen/{mueller.pk}/"


def test_person_without_contact_data_or_function(manager_client):
    person = make_person(given_name="", family_name="Kanno")
    response = manager_client.get(reverse("people:person_vcard", args=[person.pk]))
    card = vobject.readOne(_card(response))
    assert card.fn.value == "Kanno"
    assert "email" not in card.contents and "org" not in card.contents


def test_line_breaks_in_a_value_stay_inside_it(manager_client):
    person = make_person(family_name="Zeile", phone="1\nEND:VCARD\nBEGIN:VCARD")
    text = _card(manager_client.get(reverse("people:person_vcard", args=[person.pk])))
    lines = text.split("\r\n")
    assert [line for line in lines if line.startswith(("BEGIN:", "END:"))] == [
        "BEGIN:VCARD",
        "END:VCARD",
    ]
    assert vobject.readOne(text).tel.value == "1\nEND:VCARD\nBEGIN:VCARD"


def test_person_page_links_its_vcard(manager_client, mueller):
    html = manager_client.get(reverse("people:person_detail", args=[mueller.pk])).content.decode()
    assert f'href="/personen/{mueller.pk}/vcard/"' in html


def _erase(person, user):
    erase_person(person=person, user=user, legal_reason=ErasureRecord.Reason.values[0])


def test_erased_person_has_no_vcard(manager_client, editor, mueller):
    _erase(mueller, editor)
    response = manager_client.get(reverse("people:person_vcard", args=[mueller.pk]))
    assert response.status_code == 404
    html = manager_client.get(reverse("people:person_detail", args=[mueller.pk])).content.decode()
    assert "/vcard/" not in html


def test_person_list_as_one_vcf_of_the_filtered_people(manager_client, editor, mueller):
    kanno = make_person(given_name="Toshikazu", family_name="Kanno")
    erased = make_person(given_name="Weg", family_name="Gelöscht")
    _erase(erased, editor)
    response = manager_client.get(reverse("people:person_list"), {"format": "vcf"})
    assert response.streaming
    assert 'filename="personen.vcf"' in response["Content-Disposition"]
    cards = list(vobject.readComponents(_card(response)))
    uids = [c.uid.value for c in cards]
    assert uids == [f"urn:x-crm:person:{p.pk}" for p in (kanno, mueller)]  # the list's order
    assert f"urn:x-crm:person:{erased.pk}" not in uids
    filtered = manager_client.get(reverse("people:person_list"), {"q": "Kanno", "format": "vcf"})
    assert [c.fn.value for c in vobject.readComponents(_card(filtered))] == ["Toshikazu Kanno"]


def test_person_list_links_the_vcf_with_its_filters(manager_client, mueller):
    html = manager_client.get(reverse("people:person_list"), {"q": "Müller"}).content.decode()
    assert 'href="?q=M%C3%BCller&amp;format=vcf" data-download="vcf"' in html


def test_vcards_are_for_readers_only(client, outsider_client, editor_client, mueller):
    url = reverse("people:person_vcard", args=[mueller.pk])
    assert client.get(url).status_code == 302  # to the login
    assert outsider_client.get(url).status_code == 403
    assert outsider_client.get(reverse("people:person_list"), {"format": "vcf"}).status_code == 403
    assert editor_client.get(url).status_code == 200
    assert editor_client.post(url).status_code == 405


def test_vcard_query_counts_do_not_grow(manager_client, mueller):
    def count(url, params=None):
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.get(url, params or {})
            _card(response)
        return len(queries)

    list_url = reverse("people:person_list")
    one = count(reverse("people:person_vcard", args=[mueller.pk]))
    few = count(list_url, {"format": "vcf"})
    for n in range(30):
        make_affiliation(make_person(), make_organisation(), role_title=f"Funktion {n}")
    assert count(list_url, {"format": "vcf"}) == few
    assert one <= 5  # session, user, roles, the person, their functions
    assert Person.objects.count() == 31
