"""The partner report: everything recorded with one organisation, city or country."""

from __future__ import annotations

from dataclasses import dataclass

from events.models import Event
from partnerships.models import Agreement, Delegation
from reports.scope import Scope
from reports.timeline import CountsByKind, TimelineItem, build_timeline, number_sources


@dataclass
class PartnerReport(CountsByKind):
    scope: Scope
    items: list[TimelineItem]
    sources: list


def _distinct(model, q):
    """Records matching ``q`` once each, however many joined rows matched."""
    return model.objects.filter(pk__in=model.objects.filter(q).values("pk"))


def build_partner_report(scope: Scope) -> PartnerReport:
    delegations = _distinct(Delegation, scope.delegation_q())
    events = _distinct(Event, scope.event_q(delegations))
    agreements = _distinct(Agreement, scope.agreement_q())
    items = build_timeline(delegations, events, agreements, side=scope.includes)
    return PartnerReport(scope=scope, items=items, sources=number_sources(items))
