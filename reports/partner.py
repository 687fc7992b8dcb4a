"""The partner report: everything recorded with one organisation, city or country."""

from __future__ import annotations

from dataclasses import dataclass

from events.models import Event
from partnerships.models import Agreement, Delegation
from reports.scope import Scope
from reports.timeline import CountsByKind, TimelineItem, build_timeline, number_sources

DISPLAY_LIMIT = 150  # records of each kind on screen; downloads have all


@dataclass
class PartnerReport(CountsByKind):
    scope: Scope
    items: list[TimelineItem]
    sources: list
    truncated: bool = False


def build_partner_report(scope: Scope, *, limit: int | None = DISPLAY_LIMIT) -> PartnerReport:
    delegations = Delegation.objects.filter(pk__in=scope.delegation_ids())
    events = Event.objects.filter(pk__in=scope.event_ids())
    agreements = Agreement.objects.filter(pk__in=scope.agreement_ids())
    timeline = build_timeline(delegations, events, agreements, side=scope.includes, limit=limit)
    return PartnerReport(
        scope=scope,
        items=timeline.items,
        sources=number_sources(timeline.items),
        truncated=timeline.truncated,
    )
