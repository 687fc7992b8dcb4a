"""The dashboard's figures: one grouped query per figure family, none that loops over rows.

Every function returns small Python structures (counts per group, or a short list of records),
so the dashboard runs the same number of queries whatever the amount of data. Periods are
:class:`reports.periods.YearPeriod`; the "as of today" lists take ``today``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from events.models import Event, Participation
from partnerships.models import Agreement, Delegation
from people.models import Organisation
from reports.approx_filters import ends_on_or_after, ends_on_or_before, is_unknown
from reports.contacts import last_contacts_before, organisations_in_contact
from reports.periods import YearPeriod

EXPIRY_WINDOW_DAYS = 90
DORMANT_AFTER_DAYS = 365
LIST_LIMIT = 15


# --- events --------------------------------------------------------------------------------


@dataclass
class EventFigures:
    held: int = 0
    planned: int = 0
    # {year: {kind: count}} of held and planned events (cancelled ones are left out).
    by_year_kind: dict[int, dict[str, int]] = field(default_factory=dict)


def event_figures(period: YearPeriod) -> EventFigures:
    rows = (
        Event.objects.filter(period.q("start"))
        .annotate(year=ExtractYear("start"))
        .values("year", "kind", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    figures = EventFigures()
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["status"] == Event.Status.HELD:
            figures.held += row["n"]
        elif row["status"] == Event.Status.PLANNED:
            figures.planned += row["n"]
        if row["status"] != Event.Status.CANCELLED and row["year"]:
            by_year[row["year"]][row["kind"]] += row["n"]
    figures.by_year_kind = {year: dict(kinds) for year, kinds in by_year.items()}
    return figures


# --- delegations ---------------------------------------------------------------------------


@dataclass
class DelegationFigures:
    incoming: int = 0
    outgoing: int = 0
    # {country code ("" = unknown): {direction: count}}; the partner's country, i.e. where an
    # incoming delegation came from and where an outgoing one went.
    by_country: dict[str, dict[str, int]] = field(default_factory=dict)


def delegation_figures(period: YearPeriod) -> DelegationFigures:
    incoming = Delegation.Direction.INCOMING
    rows = (
        Delegation.objects.filter(period.q("start"))
        .annotate(
            partner_country=Case(
                When(direction=incoming, then=F("origin_country")),
                default=F("destination_country"),
                output_field=CharField(),
            )
        )
        .values("partner_country", "direction")
        .annotate(n=Count("id"))
        .order_by()
    )
    figures = DelegationFigures()
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["direction"] == incoming:
            figures.incoming += row["n"]
        else:
            figures.outgoing += row["n"]
        by_country[row["partner_country"] or ""][row["direction"]] += row["n"]
    figures.by_country = {code: dict(directions) for code, directions in by_country.items()}
    return figures


# --- agreements ----------------------------------------------------------------------------


def in_force_q(period: YearPeriod) -> Q:
    """Agreements whose (known) signing and validity do not exclude any day of the period.

    Unknown dates do not exclude: an agreement signed "at some point" with no recorded
    validity counts as in force, as its status says.
    """
    q = Q()
    if period.end:
        q &= is_unknown("signed_on") | Q(signed_on__lte=period.end)
        q &= is_unknown("valid_from") | Q(valid_from__lte=period.end)
    if period.start:
        q &= is_unknown("valid_until") | ends_on_or_after("valid_until", period.start)
    return q


def _flag(condition: Q):
    """A boolean column: whether a row meets ``condition`` (an empty Q is always true)."""
    if not condition:
        return Value(True, output_field=BooleanField())
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


@dataclass
class AgreementFigures:
    active: int = 0  # status "active" and in force during the period
    # {year signed: {status: count}} of agreements signed in the period.
    by_year_status: dict[int, dict[str, int]] = field(default_factory=dict)


def agreement_figures(period: YearPeriod) -> AgreementFigures:
    """One grouped query serves both the "active agreements" figure and the chart.

    The rows are grouped by (year signed, status, signed in period, in force); their number is
    bounded by years × statuses, not by the number of agreements.
    """
    rows = (
        Agreement.objects.annotate(
            year=ExtractYear("signed_on"),
            signed_in_period=_flag(period.q("signed_on") & Q(signed_on__isnull=False)),
            in_force=_flag(in_force_q(period)),
        )
        .values("year", "status", "signed_in_period", "in_force")
        .annotate(n=Count("id"))
        .order_by()
    )
    figures = AgreementFigures()
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["status"] == Agreement.Status.ACTIVE and row["in_force"]:
            figures.active += row["n"]
        if row["signed_in_period"] and row["year"]:
            by_year[row["year"]][row["status"]] += row["n"]
    figures.by_year_status = {year: dict(statuses) for year, statuses in by_year.items()}
    return figures


# --- topics --------------------------------------------------------------------------------


def topics_by_year(period: YearPeriod) -> dict[str, dict[int, int]]:
    """{topic name: {year: number of events, delegations and agreements tagged with it}}.

    One query: the three topic link tables, each grouped by (topic, year), in a UNION ALL.
    """
    parts = [
        (Event.topics.through, "event", "start"),
        (Delegation.topics.through, "delegation", "start"),
        (Agreement.topics.through, "agreement", "signed_on"),
    ]
    querysets = [
        through.objects.filter(period.q(f"{owner}__{date}"))
        .annotate(topic_name=F("topic__name"), year=ExtractYear(f"{owner}__{date}"))
        .values("topic_name", "year")
        .annotate(n=Count("pk"))
        .order_by()
        for through, owner, date in parts
    ]
    result: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in querysets[0].union(*querysets[1:], all=True):
        result[row["topic_name"]][row["year"]] += row["n"]
    return {name: dict(years) for name, years in result.items()}


# --- people and organisations ----------------------------------------------------------------


def _held_in(period: YearPeriod, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Event.Status.HELD}) & period.q(f"{prefix}start")


def contact_counts(period: YearPeriod) -> dict[str, int]:
    """Partner organisations with a contact in the period, and the people who met someone.

    Partners: see reports.contacts. "People met" are the people of the encounters list
    (events.encounters): they took part in a held event of the period together with at least
    one other person. Both counts come from one query (a UNION ALL of two single-row
    aggregates).
    """
    until = dt.date(period.year_to + 1, 1, 1) if period.year_to else None
    partners = (
        organisations_in_contact(period.start, until)
        .annotate(figure=Value("partners"))
        .values("figure")
        .annotate(n=Count("pk"))
        .order_by()
    )
    someone_else = Participation.objects.filter(
        event=OuterRef("event"), person__isnull=False
    ).exclude(person=OuterRef("person"))
    people = (
        Participation.objects.filter(
            _held_in(period, "event__"), Exists(someone_else), person__isnull=False
        )
        .annotate(figure=Value("people"))
        .values("figure")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    counts = {"partners": 0, "people": 0}
    for row in partners.union(people, all=True):
        counts[row["figure"]] = row["n"]
    return counts


# --- lists "as of today" ---------------------------------------------------------------------


def upcoming_events(today: dt.date, limit: int = LIST_LIMIT) -> list[Event]:
    """Planned events and events from today on, soonest first (undated planned ones last)."""
    return list(
        Event.objects.filter(Q(status=Event.Status.PLANNED) | Q(start__gte=today))
        .exclude(status=Event.Status.CANCELLED)
        .select_related("venue")
        .order_by(F("start").asc(nulls_last=True), "title", "pk")[:limit]
    )


def expiring_agreements(today: dt.date, limit: int = LIST_LIMIT) -> list[Agreement]:
    """Active agreements whose validity ends within the window (or already ended), then those
    with no end of validity recorded."""
    horizon = today + dt.timedelta(days=EXPIRY_WINDOW_DAYS)
    return list(
        Agreement.objects.filter(status=Agreement.Status.ACTIVE)
        .filter(ends_on_or_before("valid_until", horizon) | is_unknown("valid_until"))
        .order_by(F("valid_until").asc(nulls_last=True), "title", "pk")[:limit]
    )


def dormant_partners(today: dt.date, limit: int = LIST_LIMIT) -> list[Organisation]:
    """Organisations with contacts, but none in the last 12 months; most recently lapsed first.

    Each has ``last_contact``, the stored (first-day) date of its latest contact.
    """
    return last_contacts_before(today - dt.timedelta(days=DORMANT_AFTER_DAYS), limit)
