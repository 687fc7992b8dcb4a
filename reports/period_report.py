"""The period report: what happened between two dates, who met whom, by partner and by topic.

A record belongs to the period when the stored start of its date lies in it (the first day of
an approximate date's period, as the list pages count); records with unknown dates never do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q

from events import encounters as encounter_queries
from events.models import Event
from partnerships.models import Agreement, Delegation
from reports.timeline import (
    EVENT,
    CountsByKind,
    TimelineItem,
    build_timeline,
    number_sources,
)

ENCOUNTER_DISPLAY_LIMIT = 300
DISPLAY_LIMIT = 150  # records of each kind on screen; downloads have all


@dataclass
class Group(CountsByKind):
    key: object
    label: str
    items: list[TimelineItem] = field(default_factory=list)


@dataclass
class PeriodReport(CountsByKind):
    date_from: dt.date
    date_to: dt.date
    items: list[TimelineItem]
    sources: list
    by_partner: list[Group]
    by_topic: list[Group]
    person_encounters: list  # events.encounters.Encounter, one direction per pair
    organisation_encounters: list
    encounters_truncated: bool = False
    truncated: bool = False


def _between(field_name: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})


def is_contact(item: TimelineItem) -> bool:
    """Delegations, agreements and held events are contacts; planned or cancelled events not."""
    return item.kind != EVENT or item.status == Event.Status.HELD


def group_by_partner(items: list[TimelineItem]) -> list[Group]:
    """Each organisation in contact (itself or through its people), with those records.

    The same organisations as the dashboard's partner figure (reports.queries).
    """
    groups: dict[int, Group] = {}
    for item in filter(is_contact, items):
        seen = set()
        for inv in item.involved:
            if inv.organisation_id is None or inv.organisation_id in seen:
                continue
            seen.add(inv.organisation_id)
            name = inv.organisation if inv.person_id else inv.name
            group = groups.setdefault(inv.organisation_id, Group(inv.organisation_id, name))
            group.items.append(item)
    return sorted(groups.values(), key=lambda g: (-len(g.items), g.label.casefold()))


def group_by_topic(items: list[TimelineItem]) -> list[Group]:
    groups: dict[str, Group] = defaultdict(lambda: Group("", ""))
    for item in items:
        for topic in item.topics:
            group = groups[topic]
            group.key = group.label = topic
            group.items.append(item)
    return sorted(groups.values(), key=lambda g: (-len(g.items), g.label.casefold()))


def encounters_between(kind: str, start: dt.date, end: dt.date, limit: int | None):
    """Who met whom at held events in the period, each pair once per event (one query).

    Ordered by event date and id only, so the database walks the events in date order and
    stops after ``limit`` rows (events.encounters returns unique rows without SELECT
    DISTINCT for exactly this).
    """
    rows = (
        encounter_queries.encounters(kind, year_from=start.year, year_to=end.year)
        .filter(event_start__gte=start, event_start__lte=end, who_id__lt=F("met_id"))
        .order_by(F("event_start").asc(nulls_last=True), "event_id", "who_id", "met_id")
    )
    if limit is not None:
        rows = rows[: limit + 1]
    return encounter_queries.as_encounters(rows)


def build_period_report(
    start: dt.date,
    end: dt.date,
    *,
    encounter_limit: int | None = ENCOUNTER_DISPLAY_LIMIT,
    limit: int | None = DISPLAY_LIMIT,
) -> PeriodReport:
    delegations = Delegation.objects.filter(_between("start", start, end))
    events = Event.objects.filter(_between("start", start, end))
    agreements = Agreement.objects.filter(_between("signed_on", start, end))
    timeline = build_timeline(delegations, events, agreements, limit=limit)
    items = timeline.items
    people = encounters_between(encounter_queries.PERSON, start, end, encounter_limit)
    organisations = encounters_between(encounter_queries.ORGANISATION, start, end, encounter_limit)
    truncated = encounter_limit is not None and (
        len(people) > encounter_limit or len(organisations) > encounter_limit
    )
    if encounter_limit is not None:
        people, organisations = people[:encounter_limit], organisations[:encounter_limit]
    return PeriodReport(
        date_from=start,
        date_to=end,
        items=items,
        sources=number_sources(items),
        by_partner=group_by_partner(items),
        by_topic=group_by_topic(items),
        person_encounters=people,
        organisation_encounters=organisations,
        encounters_truncated=truncated,
        truncated=timeline.truncated,
    )
