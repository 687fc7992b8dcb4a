"""Event pages, the encounters list ("who met whom") and the encounter network graph."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.counting import RowCount
from core.labels import country_name, field_label
from core.listing.access import ReaderRequiredMixin, reader_required
from core.listing.views import FilteredListView, Sort, as_text, form_errors
from core.time_limit import TooSlow, time_limit
from events import encounters
from events.models import Event, Participation
from front import event_page
from front.filters.events import (
    EncounterFilter,
    EncounterGraphFilter,
    EventFilter,
    encounter_kind,
    encounter_view,
)
from front.views.detail import DetailPageMixin, cited_sources

# --- events ------------------------------------------------------------------------------------


class EventListView(FilteredListView):
    template_name = "events/event_list.html"
    filterset_class = EventFilter
    title = _("Veranstaltungen")
    csv_filename = "veranstaltungen.csv"
    sorts = {
        "date": Sort(_("Datum"), ("start", "title")),
        "title": Sort(_("Titel"), ("title",)),
        "kind": Sort(_("Art"), ("kind", "-start")),
        "place": Sort(_("Ort"), ("country", "city", "-start")),
    }
    default_sort = "-date"  # newest first

    def get_queryset(self):
        return Event.objects.select_related("venue", "delegation")

    def csv_header(self):
        return [
            _("Titel"), _("Art"), _("Status"), _("von"), as_text(_("von")), _("bis"),
            as_text(_("bis")), _("Ort"), _("Land"), _("Delegation"), _("Anzahl"),
        ]  # fmt: skip

    def csv_rows(self, rows):
        for e in rows:
            yield [
                e.title,
                field_label(e, "kind"),
                field_label(e, "status"),
                e.start_date,
                str(e.start_date),
                e.end_date,
                str(e.end_date),
                e.place,
                country_name(e.country),
                e.delegation.title if e.delegation else "",
                e.head_count_display,
            ]


class EventDetailView(DetailPageMixin, TemplateView):
    """One event; seven queries however many participants it has (events.event_page)."""

    template_name = "events/event_detail.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(
            Event.objects.select_related("venue", "delegation"), pk=self.kwargs["pk"]
        )
        related = event_page.related_records(event)
        groups, participant_count = event_page.participant_groups(event)
        context = super().get_context_data(**kwargs)
        context.update(
            object=event,
            event=event,
            related=related,
            by_role=groups,
            participant_count=participant_count,
            sources=cited_sources(events=[event.pk], agreements=[a.pk for a in related.agreements]),
            admin_url=self.admin_change_url(event),
        )
        return context


# --- encounters --------------------------------------------------------------------------------


_PERSON_SORTS = {
    # Date, then event id (not title): served in order by the index on (start, id).
    "date": Sort(_("Datum"), ("event_start", "event_id", "who_family", "who_given")),
    "person": Sort(_("Person"), ("who_family", "who_given", "event_start")),
    "met": Sort(_("getroffen"), ("met_family", "met_given", "event_start")),
    "event": Sort(_("Veranstaltung"), ("event_title", "event_start")),
}
_ORGANISATION_SORTS = {
    "date": Sort(_("Datum"), ("event_start", "event_id", "who_name")),
    "person": Sort(_("Organisation"), ("who_name", "event_start")),
    "met": Sort(_("getroffen"), ("met_name", "event_start")),
    "event": Sort(_("Veranstaltung"), ("event_title", "event_start")),
}


def encounter_sorts(kind: str) -> tuple[dict[str, Sort], tuple[str, ...]]:
    """The sort options of an encounter list of ``kind`` and the columns that break ties."""
    if kind == encounters.ORGANISATION:
        return _ORGANISATION_SORTS, ("event_id", "who_id", "met_id")
    return _PERSON_SORTS, ("event_id", "who_id", "met_id", "met_for_id")


_PAIR_SORTS = {
    "count": Sort(_("Anzahl"), ("occasions", "last_start")),
    "last": Sort(_("zuletzt"), ("last_start", "occasions")),
    "first": Sort(_("zuerst"), ("first_start", "occasions")),
}
_PAIR_TIEBREAK = ("a_id", "b_id")
PAIRS_TIME_LIMIT_MS = 1500


class EncounterListView(FilteredListView):
    """Who met whom: each pair once (``view=pairs``, the default) with the number of shared
    occasions and the first and last, or one row per occasion (``view=occasions``: when, at
    which event, where); each page one query (plus the count)."""

    template_name = "events/encounter_list.html"
    filterset_class = EncounterFilter
    title = _("Begegnungen")
    csv_filename = "begegnungen.csv"
    default_sort = "date"
    # Each counted encounter is a row of the self-join: stop earlier than the other lists.
    count_limit = 500

    def get(self, request, *args, **kwargs):
        self.kind = encounter_kind(request.GET)
        self.view_mode = encounter_view(request.GET)
        if self.view_mode != encounters.PAIRS:
            self.sorts, self.tiebreak = encounter_sorts(self.kind)
            return super().get(request, *args, **kwargs)
        self.sorts, self.tiebreak = _PAIR_SORTS, _PAIR_TIEBREAK
        self.default_sort = "-count"  # the most shared occasions first, then the latest
        try:
            # Grouping every encounter of a large directory takes long (27 s at a million
            # participations without a filter); the occasions list pages by keyset instead.
            with time_limit(PAIRS_TIME_LIMIT_MS):
                return super().get(request, *args, **kwargs)
        except TooSlow:
            messages.info(request, _(
                "Zu viele Begegnungen, um sie rasch zu Paaren zusammenzufassen: hier jede "
                "einzeln. Mit einer Person, Organisation oder einem Zeitraum zeigt die Liste "
                "wieder Paare."
            ))  # fmt: skip
            query = request.GET.copy()
            query["view"] = encounters.OCCASIONS
            query.pop("sort", None)
            return redirect(f"{request.path}?{query.urlencode()}")

    def get_queryset(self):
        return Participation.objects.all()

    def _count(self, queryset, page):
        if self.view_mode != encounters.PAIRS or (not page.has_previous and not page.has_next):
            return super()._count(queryset, page)
        # Count the groups (pairs), not the participations: only the pair's ids selected.
        counted = queryset.values("a_id").order_by()[: self.count_limit + 1].count()
        return RowCount(counted, capped=counted > self.count_limit)

    def present(self, rows):
        if self.view_mode != encounters.PAIRS:
            return encounters.as_encounters(rows)
        # Each pair's occasions under the same filters, one click away.
        cleared = {"page": None, "sort": None, "format": None}
        return [
            replace(pair, occasions_url=self._url(**pair.occasions_query(), **cleared))
            for pair in encounters.as_pairs(rows)
        ]

    def csv_header(self):
        who = _("Organisation") if self.kind == encounters.ORGANISATION else _("Person")
        if self.view_mode == encounters.PAIRS:
            return [who, _("getroffen"), _("Anzahl"), _("zuerst"), _("zuletzt")]
        return [who, _("getroffen"), _("für"), _("Datum"), _("Veranstaltung"), _("Ort"), _("Land")]

    def csv_rows(self, rows):
        if self.view_mode == encounters.PAIRS:
            for row in rows:
                p = encounters.as_pair(row)
                yield [p.a, p.b, p.occasions, p.first.iso(), p.last.iso()]
            return
        for row in rows:
            e = encounters.as_encounter(row)
            yield [e.person, e.met, e.met_for, e.date.iso(), e.event, e.place, e.country_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["view_mode"] = self.view_mode
        context["graph_url"] = reverse("events:encounter_graph") + self._url(
            page=None, sort=None, q=None, person=None, organisation=None, met=None, view=None,
            partner_country=None,
        )  # fmt: skip
        return context


class EncounterGraphView(ReaderRequiredMixin, TemplateView):
    """The network page; the browser draws the graph from :func:`encounter_graph_data`."""

    template_name = "events/encounter_graph.html"

    def get_context_data(self, **kwargs):
        filterset = EncounterGraphFilter(self.request.GET or None, request=self.request)
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        context.update(
            filter=filterset,
            errors=form_errors(filterset.form)
            if filterset.is_bound and not filterset.is_valid()
            else [],
            kind=encounter_kind(self.request.GET),
            data_url=reverse("events:encounter_graph_data") + (f"?{query}" if query else ""),
            list_url=reverse("events:encounter_list") + (f"?{query}" if query else ""),
            title=_("Netzwerk der Begegnungen"),
        )
        return context


@reader_required
def encounter_graph_data(request):
    """JSON: nodes (people or organisations) and edges weighted by shared events."""
    filterset = EncounterGraphFilter(request.GET or None, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return JsonResponse({"errors": form_errors(filterset.form)}, status=400)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    kind = encounter_kind(request.GET)
    graph = encounters.encounter_graph(
        kind,
        year_from=data.get("year_from"),
        year_to=data.get("year_to"),
        topic=data.get("topic") or None,
        country=data.get("country") or None,
    )
    detail = (
        "people:organisation_detail"
        if kind == encounters.ORGANISATION
        else ("people:person_detail")
    )
    template = reverse(detail, args=[0]).replace("/0/", "/{id}/")
    graph["detail_url"] = template
    return JsonResponse(graph)
