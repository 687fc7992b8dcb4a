"""Every create, update and delete leaves a history entry naming who did it: the user in the
admin, the article file for an import."""

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from core.models import DomainModel
from people.models import Affiliation, Organisation, Person, Topic
from tests import factories
from tests.trust.admin_forms import admin_post
from tests.trust.samples import one_of_each

DOMAIN_MODELS = sorted(
    (m for m in apps.get_models() if issubclass(m, DomainModel)), key=lambda m: m._meta.label
)


def _admin_url(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def _last(obj):
    return obj.history.model.objects.filter(id=obj.pk).order_by("-history_id").first()


def test_every_domain_model_keeps_history_and_is_in_the_admin():
    assert len(DOMAIN_MODELS) >= 11  # parties and signatories are one model now
    for model in DOMAIN_MODELS:
        assert hasattr(model, "history"), model
        assert model in admin.site._registry, model


@pytest.mark.parametrize("label", [m._meta.label for m in DOMAIN_MODELS])
def test_admin_change_is_recorded_with_the_user(editor_client, editor, label):
    obj = one_of_each()[label]
    before = obj.history.count()
    response = admin_post(editor_client, _admin_url(obj, "change"))
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert obj.history.count() == before + 1
    entry = _last(obj)
    assert entry.history_type == "~"
    assert entry.history_user == editor


@pytest.mark.parametrize("label", [m._meta.label for m in DOMAIN_MODELS])
def test_admin_delete_is_recorded_with_the_user(editor_client, editor, label):
    samples = one_of_each()
    fresh = {
        "people.Person": factories.make_person,
        "people.Organisation": factories.make_organisation,
    }
    obj = fresh[label]() if label in fresh else samples[label]
    model, pk = type(obj), obj.pk
    response = editor_client.post(_admin_url(obj, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=pk).exists()
    entry = model.history.model.objects.filter(id=pk).order_by("-history_id").first()
    assert entry.history_type == "-"
    assert entry.history_user == editor


def test_admin_create_with_inline_is_recorded_with_the_user(editor_client, editor):
    city = factories.make_organisation(name="Stadt Essen")
    response = admin_post(
        editor_client,
        reverse("admin:people_person_add"),
        family_name="Kufen",
        given_name="Thomas",
        **{
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-0-organisation": str(city.pk),
            "affiliations-0-role_title": "Oberbürgermeister",
            "affiliations-0-since_precision": "unknown",
            "affiliations-0-until_precision": "unknown",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    person = Person.objects.get(family_name="Kufen")
    affiliation = Affiliation.objects.get(person=person)
    for obj in (person, affiliation):
        entry = _last(obj)
        assert (entry.history_type, entry.history_user) == ("+", editor)


def test_admin_cascade_delete_records_every_row_with_the_user(editor_client, editor):
    samples = one_of_each()
    agreement = samples["partnerships.Agreement"]
    participants = agreement.participants
    party_ids = list(participants.filter(role="party").values_list("pk", flat=True))
    signatory_ids = list(participants.filter(role="signatory").values_list("pk", flat=True))
    response = editor_client.post(_admin_url(agreement, "delete"), {"post": "yes"})
    assert response.status_code == 302
    model = apps.get_model("partnerships.AgreementParticipant")
    for ids in (party_ids, signatory_ids):
        deleted = model.history.model.objects.filter(id__in=ids, history_type="-")
        assert deleted.count() == len(ids) > 0
        assert {e.history_user for e in deleted} == {editor}


def test_admin_bulk_delete_action_is_recorded_with_the_user(editor_client, editor):
    topics = [factories.make_topic() for _ in range(3)]
    response = editor_client.post(
        reverse("admin:people_topic_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in topics], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Topic.objects.exists()
    deleted = Topic.history.filter(history_type="-")
    assert deleted.count() == 3
    assert {e.history_user for e in deleted} == {editor}


def test_history_page_shows_who_changed_what(editor_client, editor):
    organisation = factories.make_organisation(name="Stadt Essen")
    admin_post(editor_client, _admin_url(organisation, "change"), city="Essen")
    page = editor_client.get(_admin_url(organisation, "history"))
    assert page.status_code == 200
    assert "editor" in page.content.decode()


# --- the article import ---------------------------------------------------------------------


def _import(*args):
    call_command("import_articles", *args, stdout=io.StringIO())


def test_import_records_every_created_row_with_its_source_file(db):
    _import()
    checked = 0
    for model in DOMAIN_MODELS:
        for obj in model.objects.all():
            created = obj.history.filter(history_type="+").get()
            assert created.history_change_reason.startswith("Artikelimport: "), obj
            assert created.history_change_reason.endswith((".yaml", ".yml")), obj
            checked += 1
    assert checked > 50


def test_import_update_is_recorded_with_its_source_file(db, tmp_path):
    _import()
    person = Person.objects.filter(email="").order_by("pk").first()
    assert person is not None
    article = tmp_path / "nachtrag.yaml"
    article.write_text(
        "source:\n"
        "  publisher: Test\n"
        "  title: Nachtrag\n"
        "people:\n"
        f"  - name: {person.plain_name}\n"
        "    email: neu@example.org\n",
        encoding="utf-8",
    )
    _import(str(article))
    person.refresh_from_db()
    assert person.email == "neu@example.org"
    entry = _last(person)
    assert entry.history_type == "~"
    assert entry.history_change_reason == "Artikelimport: nachtrag.yaml"


def test_import_by_a_user_names_the_user(db, editor):
    from articles.schema import read_article
    from articles.services import import_articles

    first = sorted((settings.BASE_DIR / "fixtures" / "articles").glob("*.yaml"))[0]
    import_articles(articles=[read_article(first)], user=editor)
    entries = Organisation.history.filter(history_type="+")
    assert entries.exists()
    assert {e.history_user for e in entries} == {editor}


def test_import_adding_only_links_is_recorded(db, tmp_path):
    """A run that only adds a topic to an organisation still leaves an entry on it."""
    _import()
    organisation = Organisation.objects.order_by("pk").first()
    topic = factories.make_topic(name="Wasserstoff", slug="wasserstoff")
    before = organisation.history.count()
    article = tmp_path / "nachtrag-themen.yaml"
    article.write_text(
        "source:\n  publisher: Test\n  title: Nachtrag Themen\n"
        f"organisations:\n  - name: {organisation.name}\n    sectors: [{topic.name}]\n",
        encoding="utf-8",
    )
    _import(str(article))
    assert organisation.sectors.filter(pk=topic.pk).exists()
    assert organisation.history.count() == before + 1
    assert _last(organisation).history_change_reason == "Artikelimport: nachtrag-themen.yaml"


def test_a_manager_cannot_revert_a_record_from_its_history(manager_client, editor_client):
    """django-simple-history only hides the revert button from read-only users; the POST
    itself must be refused too (core.security.require_change_permission_to_revert)."""
    organisation = factories.make_organisation(name="Alter Name")
    admin_post(editor_client, _admin_url(organisation, "change"), name="Neuer Name")
    first = organisation.history.order_by("history_id").first()
    url = reverse(
        "admin:people_organisation_simple_history", args=[organisation.pk, first.history_id]
    )
    page = editor_client.get(url)
    from tests.trust.admin_forms import form_data

    data = form_data(page.content.decode())
    assert data["name"] == "Alter Name"
    assert manager_client.get(url).status_code == 200  # managers may look at old versions
    assert manager_client.post(url, data).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Neuer Name"
    assert editor_client.post(url, data).status_code == 302  # editors may revert
    organisation.refresh_from_db()
    assert organisation.name == "Alter Name"
