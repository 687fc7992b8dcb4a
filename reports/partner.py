"""The partner report: everything recorded with one organisation, city or country."""

from __future__ import annotations

from dataclasses import dataclass

from events.models import Event
from partnerships.models import Agreement, Delegation
from reports.scope import Scope
from reports.timeline import CountsByKind, TimelineItem, build_timeline, number_sources

DISPLAY_LIMIT = 400  # records of each kind on screen; downloads have all


@dataclass
class PartnerReport(CountsByKind):
    scope: Scope
    items: list[TimelineItem]
    sources: list
    truncated: bool = False


def _distinct(model, q):
    """Records matching ``q`` once each, however many joined rows matched."""
    return model.objects.filter(pk__in=model.objects.filter(q).values("pk"))


def build_partner_report(scope: Scope, *, limit: int | None = DISPLAY_LIMIT) -> PartnerReport:
    delegations = _distinct(Delegation, scope.delegation_q())
    events = _distinct(Event, scope.event_q(delegations))
    agreements = _distinct(Agreement, scope.agreement_q())
    timeline = build_timeline(delegations, events, agreements, side=scope.includes, limit=limit)
    return PartnerReport(
        scope=scope,
        items=timeline.items,
        sources=number_sources(timeline.items),
        truncated=timeline.truncated,
    )
