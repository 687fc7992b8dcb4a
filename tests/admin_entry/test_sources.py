"""A source entered by hand needs no technical key: one is made from its publisher, title and
date, unique and stable."""

import pytest
from django.urls import reverse

from people.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db

DATA = {
    "publisher": "Stadt Essen", "title": "Besuch aus Kōriyama", "published_on": "02.09.2019",
    "language": "de", "reference": "",
}  # fmt: skip


def test_a_source_without_key_gets_one(editor_client):
    response = editor_client.post(reverse("admin:people_source_add"), DATA)
    assert response.status_code == 302
    assert Source.objects.get().reference == "stadt-essen-besuch-aus-koriyama-2019-09-02"


def test_the_key_is_unique_and_stays(editor_client):
    make_source(reference="stadt-essen-besuch-aus-koriyama-2019-09-02")
    editor_client.post(reverse("admin:people_source_add"), DATA)
    source = Source.objects.get(title="Besuch aus Kōriyama")
    assert source.reference == "stadt-essen-besuch-aus-koriyama-2019-09-02-2"
    url = reverse("admin:people_source_change", args=[source.pk])
    changed = DATA | {"title": "Neuer Titel", "reference": source.reference}
    assert editor_client.post(url, changed).status_code == 302
    source.refresh_from_db()
    assert source.reference == "stadt-essen-besuch-aus-koriyama-2019-09-02-2"


def test_a_typed_key_is_kept(editor_client):
    editor_client.post(reverse("admin:people_source_add"), DATA | {"reference": "mein-artikel"})
    assert Source.objects.get().reference == "mein-artikel"
