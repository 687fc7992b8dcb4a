"""Which events the calendar feed holds: the event list's filters, split into dated events
(the feed's entries) and undated ones (only counted)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from events.models import Event
from front.filters.events import EventFilter


def event_filter(params) -> EventFilter:
    """The event list's FilterSet, so the feed takes exactly the list's GET parameters."""
    return EventFilter(params, queryset=Event.objects.all())


@dataclass
class FeedEvents:
    dated: QuerySet  # in date order, with what an entry shows
    undated_count: int

    @classmethod
    def of(cls, valid_filter: EventFilter) -> FeedEvents:
        events = valid_filter.qs.order_by()
        return cls(
            dated=events.filter(start__isnull=False)
            .select_related("venue")
            .order_by("start", "pk"),
            undated_count=events.filter(start__isnull=True).count(),
        )


def filter_errors(invalid_filter: EventFilter) -> str:
    return "; ".join(str(e) for errors in invalid_filter.form.errors.values() for e in errors)
