"""The live definition of a person's activity years (read from the source tables); the
organisations' contacts are defined with the involvements (events.involvement.contact_rows).

A person is *active* in a year when they took part in an event (any status) whose stored
start lies in that year; they *met someone* that year when one of those events was held and
had another person taking part.

This queryset is what ``refresh_activity`` and the per-record recomputation insert, and
what the tests compare the tables with.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    Exists,
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

HELD = Event.Status.HELD


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
