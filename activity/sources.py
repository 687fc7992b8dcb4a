"""The live definitions the activity tables are derived from (read from the source tables).

A *contact* is an organisation taking part in or hosting a held event, sending (origin
organisation), organising or joining a delegation, or being party to an agreement, dated by
the event's, delegation's or agreement's stored (first-day) date; undated ones count nowhere.

A person is *active* in a year when they took part in an event (any status) whose stored
start lies in that year; they *met someone* that year when one of those events was held and
had another person taking part.

These querysets are what ``refresh_activity`` and the per-record recomputation insert, and
what the tests compare the tables with.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear

from events.models import Event, Participation
from partnerships.models import AgreementParty, Delegation, DelegationMember

HELD = Event.Status.HELD


def contact_rows(organisations: Iterable[int] | None = None) -> list[QuerySet]:
    """One values queryset per kind of contact: ``contact_org``, ``contact_date``,
    ``contact_year``; ``organisations`` restricts to those organisation ids."""
    ids = None if organisations is None else list(organisations)

    def rows(queryset, organisation: str, date: str) -> QuerySet:
        who = Q(**{f"{organisation}__isnull": False})
        if ids is not None:
            who &= Q(**{f"{organisation}__in": ids})
        return (
            queryset.filter(who, **{f"{date}__isnull": False})
            .order_by()
            .values(
                contact_org=F(organisation),
                contact_date=F(date),
                contact_year=ExtractYear(date),
            )
        )

    return [
        rows(Participation.objects.filter(event__status=HELD), "organisation_id", "event__start"),
        rows(
            Event.hosts.through.objects.filter(event__status=HELD),
            "organisation_id",
            "event__start",
        ),
        rows(Delegation.objects, "origin_organisation_id", "start"),
        rows(Delegation.organisers.through.objects, "organisation_id", "delegation__start"),
        rows(DelegationMember.objects, "organisation_id", "delegation__start"),
        rows(AgreementParty.objects, "organisation_id", "agreement__signed_on"),
    ]


def person_year_rows(persons: Iterable[int] | None = None) -> QuerySet:
    """``person_id``, ``year``, ``met_someone``: one row per person and year of activity."""
    someone_else = Participation.objects.filter(
        event=OuterRef("event"), person__isnull=False
    ).exclude(person=OuterRef("person"))
    queryset = Participation.objects.filter(person__isnull=False, event__start__isnull=False)
    if persons is not None:
        queryset = queryset.filter(person_id__in=list(persons))
    return (
        queryset.order_by()
        .values("person_id", year=ExtractYear("event__start"))
        .annotate(
            met_someone=Cast(
                Max(
                    Case(
                        When(Q(event__status=HELD) & Exists(someone_else), then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                ),
                BooleanField(),
            )
        )
    )
