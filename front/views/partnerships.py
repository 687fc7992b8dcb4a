"""Delegation and agreement pages: filtered lists (with CSV) and detail pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.labels import field_label, place_name
from core.listing.views import FilteredListView, Sort, as_text
from events.models import Event, Participation
from front.filters.partnerships import AgreementFilter, DelegationFilter
from front.views.detail import DETAIL_ROWS, DetailPageMixin, cited_sources
from partnerships.models import Agreement, Delegation, DelegationMember

# How many supplemented agreements are read in the page's one query; deeper chains are rare
# and read on, one query per further level.
CHAIN_DEPTH = 4


# --- delegations -------------------------------------------------------------------------------


class DelegationListView(FilteredListView):
    template_name = "partnerships/delegation_list.html"
    filterset_class = DelegationFilter
    title = _("Delegationen")
    csv_filename = "delegationen.csv"
    sorts = {
        "date": Sort(_("Datum"), ("start", "title")),
        "title": Sort(_("Titel"), ("title",)),
        "destination": Sort(_("Ziel"), ("destination_country", "destination_city", "title")),
    }
    default_sort = "-date"  # newest first

    def get_queryset(self):
        return Delegation.objects.select_related("origin_organisation").with_leaders()

    def csv_header(self):
        return [
            _("Titel"), _("Richtung"), _("von"), as_text(_("von")), _("bis"), as_text(_("bis")),
            _("Herkunft"), _("Ziel"), _("Leitung"), _("Anzahl"),
        ]  # fmt: skip

    def csv_rows(self, rows):
        for d in rows:
            yield [
                d.title,
                field_label(d, "direction"),
                d.start_date,
                str(d.start_date),
                d.end_date,
                str(d.end_date),
                place_name(d.origin_city, d.origin_country),
                place_name(d.destination_city, d.destination_country),
                ", ".join(m.person.full_name for m in d.leaders if m.person),
                d.head_count_display,
            ]


class DelegationDetailView(DetailPageMixin, TemplateView):
    template_name = "partnerships/delegation_detail.html"

    def get_context_data(self, **kwargs):
        delegation = get_object_or_404(
            Delegation.objects.select_related("origin_organisation")
            .with_leaders()
            .prefetch_related("topics", "sources"),
            pk=self.kwargs["pk"],
        )
        members = list(
            DelegationMember.objects.filter(delegation=delegation)
            .select_related("person", "organisation")
            .order_by("role", "organisation__name", "person__family_name", "pk")
        )
        programme = list(
            Event.objects.filter(delegation=delegation)
            .select_related("venue")
            .with_hosts()
            .order_by("start", "title")[:DETAIL_ROWS]
        )
        context = super().get_context_data(**kwargs)
        context.update(
            object=delegation,
            delegation=delegation,
            members=members,
            programme=programme,
            sources=cited_sources(delegations=[delegation.pk], events=[e.pk for e in programme]),
            admin_url=self.admin_change_url(delegation),
        )
        return context


# --- agreements --------------------------------------------------------------------------------


class AgreementListView(FilteredListView):
    template_name = "partnerships/agreement_list.html"
    filterset_class = AgreementFilter
    title = _("Vereinbarungen")
    csv_filename = "vereinbarungen.csv"
    sorts = {
        "date": Sort(_("unterzeichnet"), ("signed_on", "title")),
        "title": Sort(_("Titel"), ("title",)),
        "kind": Sort(_("Art"), ("kind", "-signed_on")),
        "status": Sort(_("Status"), ("status", "-signed_on")),
    }
    default_sort = "-date"  # newest first

    def get_queryset(self):
        return Agreement.objects.with_participants()

    def csv_header(self):
        return [
            _("Titel"), _("Art"), _("Status"), _("unterzeichnet am"),
            as_text(_("unterzeichnet am")), _("unterzeichnet in"), _("Vertragsparteien"),
            _("gültig ab"), as_text(_("gültig ab")), _("gültig bis"), as_text(_("gültig bis")),
        ]  # fmt: skip

    def csv_rows(self, rows):
        for a in rows:
            yield [
                a.title,
                field_label(a, "kind"),
                field_label(a, "status"),
                a.signed,
                str(a.signed),
                a.signed_place,
                "; ".join(p.organisation.name for p in a.parties),
                a.valid_from_date,
                str(a.valid_from_date),
                a.valid_until_date,
                str(a.valid_until_date),
            ]


class AgreementDetailView(DetailPageMixin, TemplateView):
    template_name = "partnerships/agreement_detail.html"

    def get_context_data(self, **kwargs):
        chain_path = "__".join(["supplements"] * CHAIN_DEPTH)
        agreement = get_object_or_404(
            Agreement.objects.select_related(chain_path)
            .with_participants()
            .prefetch_related(
                "topics",
                "sources",
                Prefetch(
                    "supplementary_agreements",
                    queryset=Agreement.objects.order_by("signed_on", "title"),
                ),
                Prefetch(
                    "signing_events",
                    queryset=Event.objects.select_related("venue").order_by("start"),
                ),
            ),
            pk=self.kwargs["pk"],
        )
        signing_events = list(agreement.signing_events.all())
        witnesses = list(
            Participation.objects.filter(event__in=[e.pk for e in signing_events])
            .exclude(role=Participation.Role.SIGNATORY)
            .select_related("person", "organisation", "event")
            .order_by("event__start", "role", "pk")[:DETAIL_ROWS]
        )
        context = super().get_context_data(**kwargs)
        context.update(
            object=agreement,
            agreement=agreement,
            chain=agreement.chain(),
            supplements=list(agreement.supplementary_agreements.all()),
            signing_events=signing_events,
            witnesses=witnesses,
            sources=cited_sources(agreements=[agreement.pk], events=[e.pk for e in signing_events]),
            admin_url=self.admin_change_url(agreement),
        )
        return context
