"""The live definitions the activity tables are derived from (read from the source tables).

A *contact* of an organisation is one of its involvements that counts as a contact
(events/involvement.py: held events, delegations, agreements), dated by the occasion's
stored (first-day) date; undated ones count nowhere.

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

from events.involvement import involvement_rows
from events.models import Event, Participation

HELD = Event.Status.HELD


def contact_rows(organisations: Iterable[int] | None = None) -> list[QuerySet]:
    """One values queryset per involvement table: ``contact_org``, ``contact_date``,
    ``contact_year``; ``organisations`` restricts to those organisation ids."""
    ids = None if organisations is None else list(organisations)
    return [
        rows.filter(involved_organisation__isnull=False, occasion_date__isnull=False).values(
            contact_org=F("involved_organisation"),
            contact_date=F("occasion_date"),
            contact_year=ExtractYear("occasion_date"),
        )
        for rows in involvement_rows(organisations=ids, contacts_only=True)
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
