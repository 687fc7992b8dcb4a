"""Admin lists sort by German collation on both databases: Göbel before Grützenbach, Ärzte
among the A."""

import pytest
from django.urls import reverse

from core.collation import german_key
from people.models import Organisation, Person
from tests.factories import make_organisation, make_person

pytestmark = pytest.mark.django_db


def test_the_german_key():
    names = ["Grützenbach", "Zander", "Göbel", "Ärzte", "Bauer", "Straße", "Strasse", "göbel"]
    assert sorted(names, key=german_key) == [
        "Ärzte", "Bauer", "göbel", "Göbel", "Grützenbach", "Strasse", "Straße", "Zander",
    ]  # fmt: skip


def test_the_database_sorts_the_same(db):
    for name in ["Zentrum", "Grützenbach", "Göbel", "Ärzte", "Bauer"]:
        make_organisation(name=name)
    from core.collation import german_ordering

    rows = Organisation.objects.order_by(*german_ordering(Organisation, ["name"]))
    assert [o.name for o in rows] == ["Ärzte", "Bauer", "Göbel", "Grützenbach", "Zentrum"]


def _names(page, model):
    return [str(o) for o in page.context["cl"].result_list]


def test_person_changelist_shows_goebel_first(manager_client):
    make_person(family_name="Grützenbach")
    make_person(family_name="Göbel")
    make_person(family_name="Gans")
    page = manager_client.get(reverse("admin:people_person_changelist"))
    assert [p.family_name for p in page.context["cl"].result_list] == [
        "Gans", "Göbel", "Grützenbach",
    ]  # fmt: skip
    content = page.content.decode()
    assert content.index("Göbel") < content.index("Grützenbach")


def test_organisation_changelist_default_and_clicked_order(manager_client):
    for name in ["Zentrum", "Grützenbach", "Göbel", "Ärzte"]:
        make_organisation(name=name)
    url = reverse("admin:people_organisation_changelist")
    page = manager_client.get(url)
    assert [o.name for o in page.context["cl"].result_list] == [
        "Ärzte", "Göbel", "Grützenbach", "Zentrum",
    ]  # fmt: skip
    column = page.context["cl"].list_display.index("name")
    descending = manager_client.get(url, {"o": f"-{column}"})  # the name column, clicked twice
    assert [o.name for o in descending.context["cl"].result_list] == [
        "Zentrum", "Grützenbach", "Göbel", "Ärzte",
    ]  # fmt: skip


def test_person_queryset_unchanged_for_list_pages():
    # The front list pages keep the indexed order (no collation on Person's default order).
    assert "COLLATE" not in str(Person.objects.all().query)
