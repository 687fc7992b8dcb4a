"""Organisation and person pages: filtered lists (with CSV) and detail pages.

The detail pages show everything a record is part of, so these views read partnerships and
events too; the models still import one way only (people ← partnerships ← events).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.approxdate import ApproxDate
from core.labels import country_name, field_label
from core.listing.access import ReaderRequiredMixin
from core.listing.views import FilteredListView, Sort
from events.encounters import (
    as_encounters,
    organisation_encounters,
    organisations_met,
    person_encounters,
)
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParty, Delegation, DelegationMember, Signatory
from people.filters import OrganisationFilter, PersonFilter
from people.models import Affiliation, Organisation, Person, Source

DETAIL_ROWS = 100  # related rows shown on a detail page; the lists behind the links show all


def cited_sources(**relations) -> list[Source]:
    """Sources behind the records a page shows; ``relations`` = {Source relation: ids}.

    One query whatever the number of records: each relation is a ``pk IN (subquery)``.
    """
    condition = Q()
    for relation, ids in relations.items():
        ids = [i for i in ids if i is not None]
        if ids:
            condition |= Q(pk__in=Source.objects.filter(**{f"{relation}__in": ids}).values("pk"))
    if not condition:
        return []
    return list(Source.objects.filter(condition))


@dataclass(frozen=True)
class TimelineEntry:
    date: ApproxDate
    label: str
    text: str
    url: str
    detail: str = ""


def timeline(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Everything in one list, in date order; unknown dates last."""
    return sorted(entries, key=lambda e: (e.date.sort_key(), e.text))


def _ids_of(*querysets):
    """The pks of the records in any of ``querysets``, as one UNION subquery."""
    first, *others = (qs.order_by().values("pk") for qs in querysets)
    return first.union(*others)


class DetailPageMixin(ReaderRequiredMixin):
    """Readers only; gives the admin change URL for the "edit" link editors see."""

    def admin_change_url(self, obj) -> str:
        meta = obj._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


# --- organisations -----------------------------------------------------------------------------


class OrganisationListView(FilteredListView):
    template_name = "people/organisation_list.html"
    filterset_class = OrganisationFilter
    title = _("Organisationen")
    csv_filename = "organisationen.csv"
    sorts = {
        "name": Sort(_("Name"), ("name",)),
        "kind": Sort(_("Art"), ("kind", "name")),
        "country": Sort(_("Land"), ("country", "city", "name")),
        "city": Sort(_("Ort"), ("city", "name")),
    }
    default_sort = "name"

    def get_queryset(self):
        return Organisation.objects.select_related("parent").prefetch_related("sectors")

    def csv_header(self):
        return [
            _("Name"), _("Kurzname"), _("weitere Namen"), _("Art"), _("Land"), _("Ort"),
            _("übergeordnete Organisation"), _("Webseite"), _("Branchen/Themen"),
        ]  # fmt: skip

    def csv_rows(self, rows):
        for org in rows:
            yield [
                org.name,
                org.short_name,
                " | ".join(org.aliases.splitlines()),
                field_label(org, "kind"),
                country_name(org.country),
                org.city,
                org.parent.name if org.parent else "",
                org.website,
                ", ".join(t.name for t in org.sectors.all()),
            ]


class OrganisationDetailView(DetailPageMixin, TemplateView):
    template_name = "people/organisation_detail.html"

    def get_context_data(self, **kwargs):
        org = get_object_or_404(
            Organisation.objects.select_related("parent").prefetch_related(
                "sectors", "sources", "children"
            ),
            pk=self.kwargs["pk"],
        )
        affiliations = list(
            org.affiliations.select_related("person").order_by(
                "since", "person__family_name", "pk"
            )[:DETAIL_ROWS]
        )
        agreements = list(
            Agreement.objects.filter(
                pk__in=AgreementParty.objects.filter(organisation=org).values("agreement_id")
            )
            .prefetch_related(
                Prefetch(
                    "parties",
                    queryset=AgreementParty.objects.select_related("organisation"),
                )
            )
            .order_by("-signed_on", "title")[:DETAIL_ROWS]
        )
        partners = {}
        for agreement in agreements:
            for party in agreement.parties.all():
                if party.organisation_id != org.pk:
                    partners.setdefault(party.organisation_id, party.organisation)
        # Each way of being involved is its own indexed lookup; an OR across the joins made
        # the database read every delegation (events: every participation) of the partner.
        delegations = list(
            Delegation.objects.filter(
                pk__in=_ids_of(
                    Delegation.objects.filter(origin_organisation=org),
                    Delegation.objects.filter(organisers=org),
                    Delegation.objects.filter(members__organisation=org),
                )
            )
            .select_related("leader")
            .order_by("-start", "title")[:DETAIL_ROWS]
        )
        events = list(
            Event.objects.filter(
                pk__in=_ids_of(
                    Event.objects.filter(hosts=org),
                    Event.objects.filter(venue=org),
                    Event.objects.filter(participations__organisation=org),
                )
            )
            .select_related("venue")
            .order_by("-start", "title")[:DETAIL_ROWS]
        )
        met = as_encounters(organisation_encounters(organisation=org)[:DETAIL_ROWS])
        entries = [
            *(
                TimelineEntry(
                    a.since_date,
                    _("Funktion"),
                    a.person.full_name,
                    reverse("people:person_detail", args=[a.person_id]),
                    a.role_title,
                )
                for a in affiliations
                if a.since_date.is_known
            ),
            *(
                TimelineEntry(
                    a.signed,
                    _("Vereinbarung"),
                    a.title,
                    reverse("partnerships:agreement_detail", args=[a.pk]),
                    a.get_kind_display(),
                )
                for a in agreements
            ),
            *(
                TimelineEntry(
                    d.start_date,
                    _("Delegation"),
                    d.title,
                    reverse("partnerships:delegation_detail", args=[d.pk]),
                )
                for d in delegations
            ),
            *(
                TimelineEntry(
                    e.start_date,
                    _("Veranstaltung"),
                    e.title,
                    reverse("events:event_detail", args=[e.pk]),
                    e.place,
                )
                for e in events
            ),
        ]
        context = super().get_context_data(**kwargs)
        context.update(
            object=org,
            organisation=org,
            affiliations=affiliations,
            children=list(org.children.all()),
            partners=sorted(partners.values(), key=lambda o: o.name),
            agreements=agreements,
            delegations=delegations,
            events=events,
            met=met,
            detail_rows=DETAIL_ROWS,
            timeline=timeline(entries),
            sources=cited_sources(
                organisations=[org.pk],
                affiliations=[a.pk for a in affiliations],
                agreements=[a.pk for a in agreements],
                delegations=[d.pk for d in delegations],
                events=[e.pk for e in events],
            ),
            admin_url=self.admin_change_url(org),
        )
        return context


# --- people ------------------------------------------------------------------------------------


class PersonListView(FilteredListView):
    template_name = "people/person_list.html"
    filterset_class = PersonFilter
    title = _("Personen")
    csv_filename = "personen.csv"
    sorts = {
        "name": Sort(_("Name"), ("family_name", "given_name")),
        "given_name": Sort(_("Vorname"), ("given_name", "family_name")),
    }
    default_sort = "name"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organisation").order_by(
                    "-is_primary", "-since", "pk"
                ),
            )
        )

    def csv_header(self):
        return [_("Titel"), _("Vorname"), _("Nachname"), _("Namensvarianten"), _("Funktionen")]

    def csv_rows(self, rows):
        for person in rows:
            yield [
                person.honorific,
                person.given_name,
                person.family_name,
                " | ".join(person.name_variants.splitlines()),
                "; ".join(
                    ", ".join(p for p in (a.role_title, a.organisation.name) if p)
                    for a in person.affiliations.all()
                ),
            ]


class PersonDetailView(DetailPageMixin, TemplateView):
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        person = get_object_or_404(Person.objects.prefetch_related("sources"), pk=self.kwargs["pk"])
        affiliations = list(
            person.affiliations.select_related("organisation").order_by("since", "pk")
        )
        participations = list(
            Participation.objects.filter(person=person)
            .select_related("event", "organisation")
            .order_by("-event__start", "event__title", "pk")[:DETAIL_ROWS]
        )
        led = list(person.led_delegations.order_by("-start")[:DETAIL_ROWS])
        memberships = list(
            DelegationMember.objects.filter(person=person)
            .select_related("delegation", "organisation")
            .order_by("-delegation__start")[:DETAIL_ROWS]
        )
        signatures = list(
            Signatory.objects.filter(person=person)
            .select_related("agreement", "party")
            .order_by("-agreement__signed_on")[:DETAIL_ROWS]
        )
        met = as_encounters(person_encounters(person=person)[:DETAIL_ROWS])
        context = super().get_context_data(**kwargs)
        delegation_ids = {d.pk for d in led} | {m.delegation_id for m in memberships}
        context.update(
            object=person,
            person=person,
            affiliations=affiliations,
            participations=participations,
            led=led,
            memberships=memberships,
            signatures=signatures,
            met=met,
            organisations_met=organisations_met(person)[:DETAIL_ROWS],
            detail_rows=DETAIL_ROWS,
            sources=cited_sources(
                people=[person.pk],
                affiliations=[a.pk for a in affiliations],
                events=[p.event_id for p in participations],
                delegations=list(delegation_ids),
                agreements=[s.agreement_id for s in signatures],
            ),
            admin_url=self.admin_change_url(person),
        )
        return context
