"""A signatory row signs for one of the agreement's parties ("unterzeichnet für")."""

import pytest
from django.urls import reverse

from partnerships.models import AgreementParticipant
from tests.factories import inline_forms, make_agreement, make_organisation, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    essen, koriyama = make_organisation(name="Stadt Essen"), make_organisation(name="Koriyama")
    return make_agreement(parties=[essen, koriyama]), essen, koriyama


def _change_data(agreement, rows):
    parties = list(agreement.participants.order_by("pk"))
    data = {
        "title": agreement.title, "kind": agreement.kind, "status": agreement.status,
        "signed_on": "16.11.2018", "signed_on_precision": "day",
        "valid_from_precision": "unknown", "valid_until_precision": "unknown",
    }  # fmt: skip
    existing = [
        {"id": p.pk, "agreement": agreement.pk, "role": "party", "organisation": p.organisation_id}
        for p in parties
    ]
    return data | inline_forms("participants", existing + rows, initial=len(existing))


def test_the_change_page_offers_only_the_parties(editor_client, agreement):
    agreement, essen, koriyama = agreement
    make_organisation(name="Unbeteiligt GmbH")
    page = editor_client.get(reverse("admin:partnerships_agreement_change", args=[agreement.pk]))
    field = page.context["inline_admin_formsets"][0].formset.forms[0].fields["signed_for"]
    assert [label for _value, label in field.choices] == ["---------", "Stadt Essen", "Koriyama"]
    assert "Unterzeichnet für" in page.content.decode()


def test_a_signatory_signs_for_the_chosen_party(editor_client, agreement):
    agreement, essen, koriyama = agreement
    kanno = make_person(family_name="Kanno")
    data = _change_data(
        agreement, [{"role": "signatory", "person": kanno.pk, "signed_for": koriyama.pk}]
    )
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    response = editor_client.post(url, data)
    assert response.status_code == 302
    signatory = AgreementParticipant.objects.get(role="signatory")
    assert signatory.organisation == koriyama


def test_an_organisation_that_is_no_party_is_refused(editor_client, agreement):
    agreement, essen, koriyama = agreement
    stranger = make_organisation(name="Unbeteiligt GmbH")
    kanno = make_person(family_name="Kanno")
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    not_offered = _change_data(
        agreement, [{"role": "signatory", "person": kanno.pk, "signed_for": stranger.pk}]
    )
    assert editor_client.post(url, not_offered).status_code == 200
    no_party = _change_data(
        agreement, [{"role": "signatory", "person": kanno.pk, "organisation": stranger.pk}]
    )
    page = editor_client.post(url, no_party)
    assert "unterzeichnen für eine der Vertragsparteien" in page.content.decode()
    assert not AgreementParticipant.objects.filter(role="signatory").exists()


def test_the_add_page_names_the_party_as_organisation(editor_client):
    page = editor_client.get(reverse("admin:partnerships_agreement_add"))
    content = page.content.decode()
    assert 'name="participants-__prefix__-organisation"' in content
    assert 'name="participants-__prefix__-signed_for"' not in content
    assert "die Partei, für die sie unterzeichnet" in page.content.decode()
