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
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from activity.models import PersonYear
from core.approxdate import ApproxDate, Precision
from events.models import Event
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


@dataclass
class AgreementFigures:
    active: int = 0  # status "active" and in force during the period
    # {year signed: {status: count}} of agreements signed in the period.
    by_year_status: dict[int, dict[str, int]] = field(default_factory=dict)


def agreement_figures(period: YearPeriod) -> AgreementFigures:
    """One query serves both the "active agreements" figure and the chart: a UNION ALL of the
    agreements signed in the period grouped by (year, status), which reads the signing-date
    index, and the count of active ones in force, which reads agreement_active_until_idx
    (activity/migrations/0002) alone. Rows: bounded by years × statuses."""
    signed = (
        Agreement.objects.filter(period.q("signed_on"), signed_on__isnull=False)
        .annotate(figure=Value("signed"), year=ExtractYear("signed_on"))
        .values("figure", "year", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    active = (
        Agreement.objects.filter(in_force_q(period), status=Agreement.Status.ACTIVE)
        .annotate(
            figure=Value("active"),
            year=Value(None, output_field=IntegerField()),
            status_=Value(""),
        )
        .values("figure", "year", "status_")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures = AgreementFigures()
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in signed.union(active, all=True):
        if row["figure"] == "active":
            figures.active += row["n"]
        elif row["year"]:
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


def contact_counts(period: YearPeriod) -> dict[str, int]:
    """Partner organisations with a contact in the period, and the people who met someone.

    Partners: see reports.contacts. "People met" are the people of the encounters list
    (events.encounters): they took part in a held event of the period together with at least
    one other person. Both come from the activity app's per-year tables (kept current on every
    write) in one query: a UNION ALL of two single-row aggregates.
    """
    partners = (
        organisations_in_contact(period.year_from, period.year_to)
        .annotate(figure=Value("partners"))
        .values("figure")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by()
    )
    met = PersonYear.objects.filter(met_someone=True)
    if period.year_from:
        met = met.filter(year__gte=period.year_from)
    if period.year_to:
        met = met.filter(year__lte=period.year_to)
    people = (
        met.annotate(figure=Value("people"))
        .values("figure")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    counts = {"partners": 0, "people": 0}
    for row in partners.union(people, all=True):
        counts[row["figure"]] = row["n"]
    return counts


# --- the latest year with data ----------------------------------------------------------------


def latest_data_year(today: dt.date) -> int | None:
    """The latest year up to ``today``'s with an event, a delegation or a signed agreement
    (what the dashboard counts), or None. One query: a UNION ALL of three MAX aggregates, each
    read from the date column's index."""
    before = dt.date(today.year + 1, 1, 1)
    parts = [
        model.objects.filter(**{f"{column}__lt": before})
        .annotate(figure=Value(model.__name__))
        .values("figure")
        .annotate(last=Max(column))
        .order_by()
        for model, column in ((Event, "start"), (Delegation, "start"), (Agreement, "signed_on"))
    ]
    latest = [row["last"] for row in parts[0].union(*parts[1:], all=True) if row["last"]]
    return max(latest).year if latest else None


# --- lists "as of today" ---------------------------------------------------------------------


def upcoming_and_to_review(today: dt.date, limit: int = LIST_LIMIT) -> tuple[list, list]:
    """(events ahead, planned events to review), in one statement.

    Ahead: not cancelled, and the period of its start has not ended (a planned event "im
    Dezember" is ahead all December; a held one is not), soonest first; nothing whose date
    has passed. To review ("Status prüfen"): still planned although
    its date has passed, or planned without a date; oldest first, undated last."""
    # Each part reads its index in order and stops after ``limit`` rows ("status = planned
    # OR start >= today" as one condition walked all past events). A start is stored as the
    # first day of its period, so a period still running starts on or after the first day of
    # today's period of the same precision.
    order = (F("start").asc(nulls_last=True), "title", "pk")
    running = Q(start__gte=today)
    for precision in (Precision.MONTH, Precision.QUARTER, Precision.SEASON, Precision.YEAR):
        running |= Q(
            start_precision=precision, start__gte=ApproxDate.period_start(today, precision)
        )
    # A held event has taken place: it is ahead only if dated today or later ("held" in
    # December for an event "im Dezember" is past, though its month is still running).
    recent = (
        Event.objects.filter(running)
        .exclude(status=Event.Status.CANCELLED)
        .exclude(status=Event.Status.HELD, start__lt=today)
    )
    planned_before = Event.objects.filter(
        Q(start__lt=today) | Q(start__isnull=True), status=Event.Status.PLANNED
    )
    candidates = [
        Event.objects.filter(pk__in=part.order_by(*order).values("pk")[:limit])
        .order_by()
        .values("pk")
        for part in (recent, planned_before)
    ]
    rows = (
        Event.objects.filter(pk__in=candidates[0].union(candidates[1], all=True))
        .select_related("venue")
        .order_by(*order)
    )
    ahead, review = [], []
    for event in rows:
        end = event.start_date.end
        (ahead if end is not None and end >= today else review).append(event)
    return ahead, review


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
