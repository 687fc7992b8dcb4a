"""Organisation and person pages: filtered lists (with CSV) and detail pages.

A detail page lists what the record was involved in, read through events.involvement, and
one timeline of it all (with the contact notes), newest first.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from contacts.models import ContactNote, NoteParticipant
from core.labels import country_name, field_label
from core.listing.access import reader_required
from core.listing.views import EXPORT_FORMATS, FilteredListView, Sort
from events.encounters import (
    as_encounters,
    organisation_encounters,
    organisations_met,
    person_encounters,
)
from events.involvement import AGREEMENT, DELEGATION, EVENT, NOTE, occasion_ids
from events.models import Event, Participation
from front.filters.people import OrganisationFilter, PersonFilter
from front.vcards import VCARD_CONTENT_TYPE, vcard_response, vcard_text
from front.views.detail import DETAIL_ROWS, DetailPageMixin, TimelineEntry, cited_sources, timeline
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.models import Affiliation, Organisation, Person

# --- the timeline's pieces --------------------------------------------------------------------


def involvement_detail(row) -> str:
    """The role a person had there: "Redner/in, Oberbürgermeister, für Stadt Essen"."""
    parts = [str(row.get_role_display()), row.role_title]
    if row.organisation_id:
        parts.append(_("für %(organisation)s") % {"organisation": row.organisation.name})
    return ", ".join(p for p in parts if p)


def note_entry(note: ContactNote, row: NoteParticipant | None = None) -> TimelineEntry:
    detail = str(note.get_kind_display())
    if row is not None and row.organisation_id:
        detail = f"{detail}, {involvement_detail(row)}"
    url = note.get_absolute_url()
    return TimelineEntry(note.day, _("Gesprächsnotiz"), note.subject, url, detail)


def note_add_url(**record) -> str:
    """The admin form for a new note with the record on the partner's side."""
    ((name, obj),) = record.items()
    return f"{reverse('admin:contacts_contactnote_add')}?{name}={obj.pk}"


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
            Agreement.objects.filter(pk__in=occasion_ids(AGREEMENT, organisation=org))
            .with_participants()
            .order_by("-signed_on", "title")[:DETAIL_ROWS]
        )
        partners = {}
        for agreement in agreements:
            for party in agreement.parties:
                if party.organisation_id != org.pk:
                    partners.setdefault(party.organisation_id, party.organisation)
        delegations = list(
            Delegation.objects.filter(pk__in=occasion_ids(DELEGATION, organisation=org))
            .with_leaders()
            .order_by("-start", "title")[:DETAIL_ROWS]
        )
        events = list(
            Event.objects.filter(pk__in=occasion_ids(EVENT, organisation=org))
            .select_related("venue")
            .order_by("-start", "title")[:DETAIL_ROWS]
        )
        notes = list(
            ContactNote.objects.filter(pk__in=occasion_ids(NOTE, organisation=org)).order_by(
                "-date", "-pk"
            )[:DETAIL_ROWS]
        )
        met = as_encounters(organisation_encounters(organisation=org)[:DETAIL_ROWS])
        entries = [
            *(note_entry(n) for n in notes),
            *(
                TimelineEntry(
                    a.since_date,
                    _("Funktion"),
                    a.person.full_name,
                    a.person.get_absolute_url(),
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
                    a.get_absolute_url(),
                    a.get_kind_display(),
                )
                for a in agreements
            ),
            *(
                TimelineEntry(
                    d.start_date,
                    _("Delegation"),
                    d.title,
                    d.get_absolute_url(),
                )
                for d in delegations
            ),
            *(
                TimelineEntry(
                    e.start_date,
                    _("Veranstaltung"),
                    e.title,
                    e.get_absolute_url(),
                    e.place,
                )
                for e in events
                if e.contact_note_id is None  # a meeting from the contact log: its note stands
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
            note_add_url=note_add_url(organisation=org),
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


def person_affiliations() -> Prefetch:
    """A person's functions with their organisations, the primary and latest first (the list,
    its downloads and the vCard read them so)."""
    return Prefetch(
        "affiliations",
        queryset=Affiliation.objects.select_related("organisation").order_by(
            "-is_primary", "-since", "pk"
        ),
    )


@reader_required
@require_GET
def person_vcard(request, pk: int):
    """One person as a vCard; an erased person has none (404)."""
    person = get_object_or_404(
        Person.objects.filter(erased_at__isnull=True).prefetch_related(person_affiliations()),
        pk=pk,
    )
    text = vcard_text(person, request.build_absolute_uri(person.get_absolute_url()))
    response = HttpResponse(text, content_type=VCARD_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.vcf"'
    return response


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

    export_formats = (*EXPORT_FORMATS, "vcf")

    def get_queryset(self):
        return Person.objects.prefetch_related(person_affiliations())

    def export(self, output: str, rows):
        if output == "vcf":  # the filtered list as one .vcf; erased people are left out
            url = self.request.build_absolute_uri
            return vcard_response("personen.vcf", rows, lambda p: url(p.get_absolute_url()))
        return super().export(output, rows)

    def get_context_data(self, **kwargs):
        return super().get_context_data(vcf_url=self._url(format="vcf", page=None), **kwargs)

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
        memberships = list(
            DelegationMember.objects.filter(person=person)
            .select_related("delegation", "organisation")
            .order_by("-delegation__start", "pk")[:DETAIL_ROWS]
        )
        signatures = list(
            AgreementParticipant.objects.filter(
                person=person, role=AgreementParticipant.Role.SIGNATORY
            )
            .select_related("agreement", "organisation")
            .order_by("-agreement__signed_on", "pk")[:DETAIL_ROWS]
        )
        note_rows = list(
            NoteParticipant.objects.filter(person=person)
            .select_related("note", "organisation")
            .order_by("-note__date", "-note_id", "pk")[:DETAIL_ROWS]
        )
        met = as_encounters(person_encounters(person=person)[:DETAIL_ROWS])
        entries = [
            *(
                TimelineEntry(
                    p.event.start_date,
                    _("Veranstaltung"),
                    p.event.title,
                    p.event.get_absolute_url(),
                    involvement_detail(p),
                )
                for p in participations
                if p.event.contact_note_id is None  # a meeting from the contact log: its note
            ),
            *(
                TimelineEntry(
                    m.delegation.start_date,
                    _("Delegation"),
                    m.delegation.title,
                    m.delegation.get_absolute_url(),
                    involvement_detail(m),
                )
                for m in memberships
            ),
            *(
                TimelineEntry(
                    s.agreement.signed,
                    _("Vereinbarung"),
                    s.agreement.title,
                    s.agreement.get_absolute_url(),
                    involvement_detail(s),
                )
                for s in signatures
            ),
            *(note_entry(n.note, n) for n in note_rows),
        ]
        context = super().get_context_data(**kwargs)
        context.update(
            object=person,
            person=person,
            affiliations=affiliations,
            participations=participations,
            memberships=memberships,
            signatures=signatures,
            met=met,
            organisations_met=organisations_met(person)[:DETAIL_ROWS],
            detail_rows=DETAIL_ROWS,
            timeline=timeline(entries),
            note_add_url=note_add_url(person=person),
            sources=cited_sources(
                people=[person.pk],
                affiliations=[a.pk for a in affiliations],
                events=[p.event_id for p in participations],
                delegations=[m.delegation_id for m in memberships],
                agreements=[s.agreement_id for s in signatures],
            ),
            admin_url=self.admin_change_url(person),
        )
        return context
