"""Report pages for managers. Views read parameters and pick a page or a download; the
figures come from reports.queries, reports.dashboard, reports.partner and reports.period_report."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_countries import countries

from core.exports import csv_response, xlsx_response
from core.listing.access import ReaderRequiredMixin
from core.roles import is_manager
from core.text import fold
from people.models import Organisation, name_matches
from reports import export_rows, feed, partner, period_report, queries
from reports.dashboard import build_dashboard
from reports.forms import DateRangeForm
from reports.ical import build_calendar
from reports.models import CalendarToken
from reports.periods import year_period_from
from reports.scope import ScopeError, scope_from

DOWNLOAD_FORMATS = ("csv", "xlsx")
SEARCH_RESULTS = 30


def _download_format(request) -> str | None:
    """``csv``/``xlsx`` if asked for; anything else shows the page, with a message if unknown."""
    wanted = request.GET.get("format", "")
    if wanted and wanted not in DOWNLOAD_FORMATS:
        messages.error(
            request,
            _("Unbekanntes Format „%(value)s“; bitte CSV oder XLSX wählen.")
            % {"value": wanted[:20]},
        )
        return None
    return wanted or None


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


class DashboardView(ReaderRequiredMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        params = self.request.GET
        default = settings.DASHBOARD_DEFAULT_PERIOD
        chosen = params.get("period") or (
            "custom" if params.get("year_from") or params.get("year_to") else default
        )
        # The latest year with data costs a query: asked only for the period "latest" or to
        # explain an empty period (the explicit periods stay within the dashboard's budget).
        latest_year = queries.latest_data_year(today) if chosen == "latest" else None
        period, error = year_period_from(params, today, latest_year=latest_year, default=default)
        if error:
            messages.error(self.request, error)
        dashboard = build_dashboard(period, today, latest_year)
        if dashboard.empty and chosen != "latest":
            dashboard.latest_year = queries.latest_data_year(today)
        return super().get_context_data(dashboard=dashboard, period=period, **kwargs)


class PartnerReportView(ReaderRequiredMixin, View):
    def get(self, request):
        try:
            scope = scope_from(request.GET)
        except ScopeError as error:
            messages.error(request, str(error))
            scope = None
        if scope is None:
            return self.choose(request)
        download = _download_format(request)
        report = partner.build_partner_report(
            scope, limit=None if download else partner.DISPLAY_LIMIT
        )
        filename = f"partnerbericht-{scope.slug}"
        if download == "csv":
            header, rows = export_rows.partner_sheets(report)[str(_("Zeitachse"))]
            return csv_response(f"{filename}.csv", header, rows)
        if download == "xlsx":
            return xlsx_response(f"{filename}.xlsx", export_rows.partner_sheets(report))
        context = {
            "report": report,
            "csv_query": _query(request, format="csv"),
            "xlsx_query": _query(request, format="xlsx"),
            "generated": timezone.localtime(),
        }
        return render(request, "reports/partner_report.html", context)

    def choose(self, request):
        text = (request.GET.get("q") or "").strip()[:200]
        matches = []
        if text:
            matches = list(
                name_matches(Organisation.objects, text).order_by("name")[: SEARCH_RESULTS + 1]
            )
            if len(matches) == 1:
                return redirect(f"{reverse('reports:partner_report')}?organisation={matches[0].pk}")
            if not matches:
                messages.error(
                    request, _("Keine Organisation passt zu „%(text)s“.") % {"text": text}
                )
        used_countries = (
            Organisation.objects.exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by()
        )
        context = {
            "q": text,
            "matches": matches[:SEARCH_RESULTS],
            "more_matches": len(matches) > SEARCH_RESULTS,
            "countries": sorted(
                ((c, countries.name(c)) for c in set(used_countries)), key=lambda c: fold(str(c[1]))
            ),
            "city": request.GET.get("city", "")[:120],
        }
        return render(request, "reports/partner_choose.html", context)


def _default_range(today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


class PeriodReportView(ReaderRequiredMixin, View):
    def get(self, request):
        today = timezone.localdate()
        start, end = _default_range(today)
        form = DateRangeForm(request.GET or None, initial={"date_from": start, "date_to": end})
        if form.is_bound:
            if form.is_valid():
                start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
            else:
                messages.error(
                    request, _("Der Zeitraum ist ungültig; es wird das laufende Jahr gezeigt.")
                )
                form = DateRangeForm(initial={"date_from": start, "date_to": end}, data=None)
        download = _download_format(request)
        report = period_report.build_period_report(
            start,
            end,
            encounter_limit=None if download else period_report.ENCOUNTER_DISPLAY_LIMIT,
            limit=None if download else period_report.DISPLAY_LIMIT,
        )
        filename = f"zeitraumbericht-{start.isoformat()}-{end.isoformat()}"
        if download == "csv":
            return self.csv(request, report, filename)
        if download == "xlsx":
            return xlsx_response(f"{filename}.xlsx", export_rows.period_sheets(report))
        context = {
            "form": form,
            "report": report,
            "csv_query": _query(
                request, format="csv", date_from=start.isoformat(), date_to=end.isoformat()
            ),
            "xlsx_query": _query(
                request, format="xlsx", date_from=start.isoformat(), date_to=end.isoformat()
            ),
            "generated": timezone.localtime(),
        }
        return render(request, "reports/period_report.html", context)

    def csv(self, request, report, filename):
        table = request.GET.get("table", "timeline")
        if table not in export_rows.PERIOD_CSV_TABLES:
            return HttpResponseBadRequest(
                _("Unbekannte Tabelle."), content_type="text/plain; charset=utf-8"
            )
        sheet = str(export_rows.PERIOD_CSV_TABLES[table])
        header, rows = export_rows.period_sheets(report)[sheet]
        return csv_response(f"{filename}-{table}.csv", header, rows)


# --- calendar ------------------------------------------------------------------------------


class CalendarPageView(ReaderRequiredMixin, View):
    """Create or revoke the secret feed address; see what the feed contains and leaves out."""

    template_name = "reports/calendar.html"

    def get(self, request):
        event_filter = feed.event_filter(request.GET)
        if not event_filter.is_valid():
            messages.error(
                request, _("Die Filter sind ungültig; der Kalender zeigt alle Veranstaltungen.")
            )
            event_filter = feed.event_filter({})
        events = feed.FeedEvents.of(event_filter)
        counts = {"dated": events.dated.count(), "undated": events.undated_count}
        token = CalendarToken.objects.active().filter(user=request.user).first()
        secret = request.session.pop("calendar_secret", None)
        query = urlencode(
            {k: v for k, v in event_filter.form.cleaned_data.items() if v not in (None, "")}
        )
        feed_url = webcal_url = None
        if secret and token:
            path = reverse("reports:calendar_feed", args=[secret])
            feed_url = request.build_absolute_uri(path) + (f"?{query}" if query else "")
            # The same address with the webcal scheme: a click opens the calendar program's
            # "subscribe" dialog (it fetches over HTTPS behind TLS, as the feed address does).
            webcal_url = "webcal://" + feed_url.split("://", 1)[1]
        context = {
            "filter": event_filter,
            "counts": counts,
            "token": token,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "query": query,
        }
        return render(request, self.template_name, context)

    def post(self, request):
        action = request.POST.get("action")
        if action == "create":
            _token, secret = CalendarToken.issue(request.user)
            request.session["calendar_secret"] = secret
            messages.success(
                request, _("Neue Kalenderadresse erstellt; eine frühere gilt nicht mehr.")
            )
        elif action == "revoke":
            if CalendarToken.revoke_for(request.user):
                messages.success(request, _("Die Kalenderadresse wurde widerrufen."))
            else:
                messages.info(request, _("Es gab keine gültige Kalenderadresse."))
        else:
            messages.error(request, _("Unbekannte Aktion."))
        query = request.POST.get("query", "")
        return redirect(
            reverse("reports:calendar") + (f"?{query}" if query and len(query) < 1000 else "")
        )


@login_not_required
def calendar_feed(request, secret: str):
    """The iCalendar feed; the secret in the address stands in for a login."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    token = CalendarToken.find_active(secret)
    if token is None or not token.user.is_active:
        raise Http404
    if not is_manager(token.user):
        return HttpResponse(
            _("Kein Zugriff auf Berichte."), status=403, content_type="text/plain; charset=utf-8"
        )
    event_filter = feed.event_filter(request.GET)
    if not event_filter.is_valid():
        return HttpResponseBadRequest(
            feed.filter_errors(event_filter), content_type="text/plain; charset=utf-8"
        )
    events = feed.FeedEvents.of(event_filter)
    CalendarToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())

    def event_url(event):
        return request.build_absolute_uri(event.get_absolute_url())

    calendar = build_calendar(
        events.dated,
        undated=events.undated_count,
        name=_("Veranstaltungen – Partnerschafts-CRM"),
        host=request.get_host().split(":")[0],
        event_url=event_url,
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="veranstaltungen.ics"'
    response["X-Undated-Events"] = str(events.undated_count)
    response["Cache-Control"] = "private, no-store"
    return response
