"""Everything the dashboard page shows, assembled from reports.queries into plain objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from events.models import Event
from followups import queries as followup_queries
from partnerships.models import Agreement, Delegation
from reports import queries
from reports.charts import Chart, Series, grouped_bars, heatmap, stacked_columns
from reports.links import list_url
from reports.periods import MAX_YEAR, MIN_YEAR, YearPeriod

MAX_YEAR_COLUMNS = 15
MAX_TOPICS = 15
MAX_COUNTRIES = 15
STATUS_COLORS = {
    "planned": "#56B4E9",
    "active": "#009E73",
    "expired": "#999933",
    "terminated": "#D55E00",
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    url: str | None
    note: str = ""


def chart_years(period: YearPeriod, data_years) -> list[int]:
    """The period's years, or only those with data when the period is long."""
    years = period.years(data_years)
    if len(years) > MAX_YEAR_COLUMNS:
        years = sorted(y for y in set(data_years) if y in years or not years)
    return years


def period_report_url(period: YearPeriod, anchor: str) -> str:
    """The period report over the same years; it lists the partners behind the figure."""
    start = period.start or dt.date(MIN_YEAR, 1, 1)
    end = period.end or dt.date(MAX_YEAR, 12, 31)
    query = urlencode({"date_from": start.isoformat(), "date_to": end.isoformat()})
    return f"{reverse('reports:period_report')}?{query}#{anchor}"


def key_figures(period, events, delegations, agreements, contacts) -> list[Figure]:
    years = period.list_params()
    incoming, outgoing = Delegation.Direction.INCOMING, Delegation.Direction.OUTGOING
    return [
        Figure(
            "partners",
            _("Partner mit Kontakt"),
            contacts["partners"],
            period_report_url(period, "partner"),
            _("an Veranstaltungen, Delegationen oder Vereinbarungen beteiligt"),
        ),
        Figure(
            "agreements",
            _("aktive Vereinbarungen"),
            agreements.active,
            list_url("partnerships:agreement_list", status=Agreement.Status.ACTIVE),
            _("Status „aktiv“ und im Zeitraum gültig"),
        ),
        Figure(
            "delegations_in",
            _("Delegationen zu Besuch"),
            delegations.incoming,
            list_url("partnerships:delegation_list", direction=incoming, **years),
        ),
        Figure(
            "delegations_out",
            _("Delegationsreisen"),
            delegations.outgoing,
            list_url("partnerships:delegation_list", direction=outgoing, **years),
        ),
        Figure(
            "events_held",
            _("Veranstaltungen, stattgefunden"),
            events.held,
            list_url("events:event_list", status=Event.Status.HELD, **years),
        ),
        Figure(
            "events_planned",
            _("Veranstaltungen, geplant"),
            events.planned,
            list_url("events:event_list", status=Event.Status.PLANNED, **years),
        ),
        Figure(
            "people",
            _("getroffene Personen"),
            contacts["people"],
            list_url("events:encounter_list", kind="person", view="occasions", **years),
            _("trafen bei stattgefundenen Veranstaltungen andere"),
        ),
    ]


def events_chart(period, events: queries.EventFigures) -> Chart:
    years = chart_years(period, events.by_year_kind)
    used = {kind for kinds in events.by_year_kind.values() for kind in kinds}
    series = [Series(k, str(label)) for k, label in Event.Kind.choices if k in used]
    values = {str(y): events.by_year_kind.get(y, {}) for y in years}
    return stacked_columns(
        _("Veranstaltungen pro Jahr nach Art"),
        [str(y) for y in years],
        series,
        values,
        category_label=_("Jahr"),
        desc=_("Gestapelte Säulen: stattgefundene und geplante Veranstaltungen je Jahr."),
    )


def delegations_chart(delegations: queries.DelegationFigures) -> Chart:
    def name(code):
        return str(countries.name(code)) if code else _("Land unbekannt")

    ranked = sorted(
        delegations.by_country.items(), key=lambda item: (-sum(item[1].values()), name(item[0]))
    )[:MAX_COUNTRIES]
    series = [Series(k, str(label).split(" (")[0]) for k, label in Delegation.Direction.choices]
    return grouped_bars(
        _("Delegationen nach Partnerland"),
        [name(code) for code, _n in ranked],
        series,
        {name(code): directions for code, directions in ranked},
        category_label=_("Land"),
        desc=_("Balken je Land: eingehende und ausgehende Delegationen."),
    )


def topics_chart(period, topics: dict[str, dict[int, int]]) -> Chart:
    data_years = {y for years in topics.values() for y in years}
    years = chart_years(period, data_years)
    ranked = sorted(topics, key=lambda t: (-sum(topics[t].values()), t))[:MAX_TOPICS]
    return heatmap(
        _("Themen im Zeitverlauf"),
        ranked,
        [str(y) for y in years],
        {t: {str(y): n for y, n in topics[t].items()} for t in ranked},
        row_label=_("Thema"),
        desc=_("Anzahl der Veranstaltungen, Delegationen und Vereinbarungen je Thema und Jahr."),
    )


def agreements_chart(period, agreements: queries.AgreementFigures) -> Chart:
    years = chart_years(period, agreements.by_year_status)
    used = {s for statuses in agreements.by_year_status.values() for s in statuses}
    series = [
        Series(k, str(label), STATUS_COLORS.get(k, ""))
        for k, label in Agreement.Status.choices
        if k in used
    ]
    return stacked_columns(
        _("Unterzeichnete Vereinbarungen pro Jahr nach Status"),
        [str(y) for y in years],
        series,
        {str(y): agreements.by_year_status.get(y, {}) for y in years},
        category_label=_("Jahr"),
        desc=_("Gestapelte Säulen: Vereinbarungen nach Jahr der Unterzeichnung und Status."),
    )


@dataclass(frozen=True)
class ExpiringAgreement:
    agreement: Agreement
    state: str  # "ended", "ending" or "unknown"

    @property
    def label(self) -> str:
        until = self.agreement.valid_until_date
        if self.state == "unknown":
            return _("keine Gültigkeit erfasst")
        if self.state == "ended":
            return _("abgelaufen: %(date)s") % {"date": until}
        return _("läuft aus: %(date)s") % {"date": until}


def expiring_rows(agreements, today: dt.date) -> list[ExpiringAgreement]:
    rows = []
    for agreement in agreements:
        end = agreement.valid_until_date.end
        state = "unknown" if end is None else ("ended" if end < today else "ending")
        rows.append(ExpiringAgreement(agreement, state))
    return rows


@dataclass
class Dashboard:
    period: YearPeriod
    figures: list[Figure]
    charts: list[Chart]
    upcoming: list
    to_review: list  # planned events whose date has passed: held, cancelled or moved?
    followups: list  # the team's open follow-ups
    expiring: list
    dormant: list
    today: dt.date
    # No event, delegation or signed agreement in the period: the page says so (and why)
    # instead of showing a silent page of zeros.
    empty: bool = False
    latest_year: int | None = None  # the latest year up to now with data (for that notice)

    @property
    def latest_url(self) -> str | None:
        """The dashboard over the latest year with data, if that is not the period shown."""
        year = self.latest_year
        if year is None or (self.period.year_from, self.period.year_to) == (year, year):
            return None
        query = urlencode({"period": "custom", "year_from": year, "year_to": year})
        return f"{reverse('reports:dashboard')}?{query}"


def build_dashboard(
    period: YearPeriod, today: dt.date, latest_year: int | None = None
) -> Dashboard:
    events = queries.event_figures(period)
    delegations = queries.delegation_figures(period)
    agreements = queries.agreement_figures(period)
    contacts = queries.contact_counts(period)
    topics = queries.topics_by_year(period)
    upcoming, to_review = queries.upcoming_and_to_review(today)
    return Dashboard(
        period=period,
        figures=key_figures(period, events, delegations, agreements, contacts),
        charts=[
            events_chart(period, events),
            delegations_chart(delegations),
            topics_chart(period, topics),
            agreements_chart(period, agreements),
        ],
        upcoming=upcoming,
        to_review=to_review,
        followups=followup_queries.team_open(),
        expiring=expiring_rows(queries.expiring_agreements(today), today),
        dormant=queries.dormant_partners(today),
        today=today,
        empty=not (
            events.held
            or events.planned
            or events.by_year_kind
            or delegations.incoming
            or delegations.outgoing
            or agreements.by_year_status
        ),
        latest_year=latest_year,
    )
