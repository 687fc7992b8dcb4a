"""seed_demo: deterministic, valid, realistic synthetic data, and never mixed into real data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from core.approxdate import Precision
from core.text import fold
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.models import Affiliation, Organisation, Person, Source, Topic
from perf.scales import XS
from perf.synthetic import SOURCE_PREFIX
from tests.factories import make_organisation, make_source

# Hosts, leaders, organisers, parties and signatories are rows of the involvement models.
MODELS = [
    Topic, Source, Organisation, Person, Affiliation, Delegation, DelegationMember, Agreement,
    AgreementParticipant, Event, Participation,
]  # fmt: skip
LINKS = [
    Organisation.sectors, Organisation.sources, Person.sources, Delegation.topics,
    Agreement.topics, Event.topics, Event.agreements,
]  # fmt: skip


def seed(**options):
    call_command("seed_demo", scale="XS", json=True, **options)


def snapshot() -> dict:
    """Every synthetic row, without the load-time timestamps and the link tables' own ids."""
    data = {}
    for model in MODELS:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in ("created_at", "updated_at")
        ]
        data[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    for link in LINKS:
        through = link.through
        columns = [f.attname for f in through._meta.concrete_fields if not f.primary_key]
        data[through.__name__] = sorted(through.objects.values_list(*columns))
    return data


def seeded_snapshot(seed_value: int) -> dict:
    with transaction.atomic():
        seed(seed=seed_value)
        data = snapshot()
        transaction.set_rollback(True)
    return data


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    first = seeded_snapshot(7)
    assert first["Participation"], "nothing was generated"
    assert seeded_snapshot(7) == first


@pytest.mark.django_db
def test_another_seed_gives_other_data():
    assert seeded_snapshot(7)["Person"] != seeded_snapshot(8)["Person"]


@pytest.mark.django_db
def test_counts_are_those_of_the_scale():
    seed()
    assert Organisation.objects.count() == XS.organisations
    assert Person.objects.count() == XS.people
    assert Event.objects.count() == XS.events
    assert Participation.objects.count() == XS.participations
    assert Agreement.objects.count() == XS.agreements
    assert Delegation.objects.count() == XS.delegations


@pytest.mark.django_db
def test_rows_pass_model_validation():
    seed(seed=3)
    for model in MODELS:
        sample = list(model.objects.order_by("?")[:15])
        assert sample, f"no {model.__name__} rows"
        for obj in sample:
            obj.full_clean()  # fields, choices, approximate dates, unique and check constraints


@pytest.mark.django_db
def test_search_text_is_what_save_computes():
    seed()
    for model in (Person, Organisation, Event, Agreement, Delegation):
        for obj in model.objects.all():
            stored = obj.search_text
            obj.refresh_search_text()
            assert obj.search_text == stored


@pytest.mark.django_db
def test_data_is_realistic():
    seed(seed=2)
    names = " ".join(Person.objects.values_list("family_name", flat=True))
    assert any(ch in names for ch in "äöüß"), "German names with umlauts"
    assert any(ch in names for ch in "ōū"), "Japanese names with macrons"
    accented = Person.objects.filter(family_name__regex="[äöüōū]").first()
    folded = fold(accented.family_name)
    assert Person.objects.filter(search_text__contains=folded).filter(pk=accented.pk).exists()
    assert Person.objects.annotate(roles=Count("affiliations")).filter(roles__gte=2).exists(), (
        "several roles per person over time"
    )
    assert Agreement.objects.filter(supplements__isnull=False).exists(), "agreement chains"
    assert Event.objects.filter(delegation__isnull=False).exists(), "delegation programmes"
    assert Organisation.objects.filter(parent__isnull=False).exists(), "organisation hierarchy"
    assert Event.objects.filter(agreements__isnull=False).exists(), "signing events"
    precisions = set(Affiliation.objects.values_list("since_precision", flat=True))
    precisions |= set(Event.objects.values_list("start_precision", flat=True))
    precisions |= set(Agreement.objects.values_list("signed_on_precision", flat=True))
    assert precisions == set(Precision.values), "dates of every precision, unknown included"
    assert Event.objects.filter(start_approx=True).exists()
    for model, roles in (
        (Participation, {"host"}),
        (DelegationMember, {"leader", "organiser", "member"}),
        (AgreementParticipant, {"party", "signatory"}),
    ):
        assert roles <= set(model.objects.values_list("role", flat=True)), model


@pytest.mark.django_db
def test_sources_mark_the_data_as_synthetic():
    seed()
    assert Source.objects.exists()
    assert not Source.objects.exclude(reference__startswith=SOURCE_PREFIX).exists()
    assert Person.objects.filter(sources__isnull=False).exists()


@pytest.mark.django_db
def test_refuses_a_database_with_real_data():
    make_source(reference="artikel-essen-koriyama")
    make_organisation(name="Stadt Essen")
    with pytest.raises(CommandError, match="echte Daten"):
        seed()
    assert Organisation.objects.count() == 1
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_refuses_a_second_run_without_force_and_adds_with_force():
    seed()
    with pytest.raises(CommandError, match="nicht leer"):
        seed()
    assert Participation.objects.count() == XS.participations
    seed(force=True)
    assert Participation.objects.count() == 2 * XS.participations
    assert Organisation.objects.count() == 2 * XS.organisations
    assert Source.objects.values("reference").distinct().count() == Source.objects.count()


@pytest.mark.django_db
def test_force_keeps_existing_records():
    kept = make_organisation(name="Stadt Essen", country="DE")
    seed(force=True)
    kept.refresh_from_db()
    assert kept.name == "Stadt Essen"
    assert Organisation.objects.count() == XS.organisations + 1
    assert Organisation.objects.filter(name__iexact="stadt essen", country="DE").count() == 1


@pytest.mark.django_db
def test_new_records_after_seeding_get_fresh_ids():
    seed()
    highest = Organisation.objects.order_by("-pk").first().pk
    assert make_organisation().pk > highest


@pytest.mark.django_db
def test_no_history_rows_for_synthetic_data():
    seed()
    assert not Person.history.exists()
    assert not Participation.history.exists()
