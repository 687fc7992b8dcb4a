"""What a database already holds, so seed_demo never mixes synthetic rows into real data unasked."""

from __future__ import annotations

from django.db.models import Max

from events.models import Event, Participation
from followups.models import FollowUp
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.models import Affiliation, Organisation, Person, Source, Topic
from perf.synthetic import SOURCE_PREFIX, Existing

DOMAIN_MODELS = [
    Topic, Source, Organisation, Person, Affiliation, Delegation, DelegationMember, Agreement,
    AgreementParticipant, Event, Participation, FollowUp,
]  # fmt: skip


def existing_rows() -> dict[str, int]:
    """Rows per domain table, for the tables that are not empty."""
    counts = {model._meta.verbose_name_plural: model.objects.count() for model in DOMAIN_MODELS}
    return {str(label): count for label, count in counts.items() if count}


def real_sources() -> int:
    """Sources that seed_demo did not create: the sign of real data."""
    return Source.objects.exclude(reference__startswith=SOURCE_PREFIX).count()


def existing_for_seed(scale: str, seed: int) -> Existing:
    """Ids, names and topics to keep clear of when seeding next to existing rows (--force)."""
    max_ids = {}
    for model in DOMAIN_MODELS:
        highest = model.objects.aggregate(highest=Max("pk"))["highest"]
        if highest:
            max_ids[model] = highest
    keys = {
        (name.lower(), country)
        for name, country in Organisation.objects.values_list("name", "country").iterator()
    }
    topics = dict(Topic.objects.values_list("slug", "pk"))
    topic_names = {name.lower() for name in Topic.objects.values_list("name", flat=True)}
    base, run = f"{SOURCE_PREFIX}{scale}/{seed}", 1
    prefix = f"{base}/"
    while Source.objects.filter(reference__startswith=prefix).exists():
        run += 1
        prefix = f"{base}-{run}/"
    return Existing(
        max_ids=max_ids,
        organisation_keys=keys,
        topics=topics,
        topic_names=topic_names,
        source_prefix=prefix,
    )
