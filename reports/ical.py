"""Events as an iCalendar (RFC 5545) feed.

Events carry dates, not times, so every entry is an all-day entry: a day, or the whole month,
quarter, season or year an approximate date stands for (ApproxDate.start/.end; DTEND is
exclusive). Events whose date is unknown cannot be placed; they are left out and counted in
the ``X-CRM-UNDATED-EVENTS`` calendar property and a ``COMMENT``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from icalendar import Calendar
from icalendar import Event as VEvent

from core.approxdate import Precision
from events.models import Event

PRODID = "-//Partnerschafts-CRM//Veranstaltungen//DE"
STATUS = {
    Event.Status.PLANNED: "TENTATIVE",
    Event.Status.HELD: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}


def event_span(event: Event) -> tuple[dt.date, dt.date] | None:
    """First day and the day after the last day (exclusive end), or None if undated."""
    start = event.start_date
    if not start.is_known:
        return None
    end = event.end_date
    last = end.end if end.is_known else start.end
    last = max(last, start.start)
    return start.start, last + dt.timedelta(days=1)


def _description(event: Event, url: str | None) -> str:
    lines = []
    start = event.start_date
    if start.precision != Precision.DAY or start.approximate:
        lines.append(_("Datum: %(date)s (nur ungefähr bekannt)") % {"date": event.start_date})
    if event.description:
        lines.append(event.description)
    if url:
        lines.append(url)
    return "\n\n".join(lines)


def build_calendar(
    events, *, undated: int, name: str, host: str, event_url=lambda event: None
) -> Calendar:
    """A VCALENDAR with one all-day VEVENT per dated event."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    calendar.add("x-crm-undated-events", str(undated))
    if undated:
        calendar.add(
            "comment",
            _("%(count)s Veranstaltung(en) ohne bekanntes Datum sind nicht enthalten.")
            % {"count": undated},
        )
    stamp = timezone.now()
    for event in events:
        span = event_span(event)
        if span is None:
            continue
        url = event_url(event)
        entry = VEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", span[0])
        entry.add("dtend", span[1])
        entry.add("summary", event.title)
        entry.add("status", STATUS.get(event.status, "CONFIRMED"))
        entry.add("transp", "TRANSPARENT")
        entry.add("categories", [event.get_kind_display()])
        location = ", ".join(
            p
            for p in (event.place, str(countries.name(event.country)) if event.country else "")
            if p
        )
        if location:
            entry.add("location", location)
        description = _description(event, url)
        if description:
            entry.add("description", description)
        if url:
            entry.add("url", url)
        calendar.add_component(entry)
    return calendar
