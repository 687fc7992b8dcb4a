from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import DomainAdmin, PreloadedFormSet, country_column
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.involvement_admin import InvolvementForm, InvolvementInline


class DelegationMemberInline(InvolvementInline):
    model = DelegationMember
    occasion_date = "start"
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "role", "role_title"]


@admin.register(Delegation)
class DelegationAdmin(DomainAdmin):
    list_display = [
        "title", "direction", "start", country_column("origin_country", _("Herkunftsland")),
        country_column("destination_country", _("Zielland")), "destination_city", "head_count",
    ]  # fmt: skip
    list_filter = ["direction", "origin_country", "destination_country", "topics"]
    search_fields = ["title", "purpose", "destination_city", "origin_city"]
    autocomplete_fields = ["origin_organisation", "topics", "sources"]
    date_hierarchy = "start"
    inlines = [DelegationMemberInline]
    history_related = ("members",)
    readonly_fields = ["programme"]
    fieldsets = [
        (None, {"fields": ["title", "direction"]}),
        (_("Woher"), {"fields": [("origin_country", "origin_city"), "origin_organisation"]}),
        (_("Wohin"), {"fields": [("destination_country", "destination_city")]}),
        (
            _("Wann"),
            {
                "fields": [
                    ("start", "start_precision", "start_approx"),
                    ("end", "end_precision", "end_approx"),
                ]
            },
        ),
        (
            _("Umfang und Zweck"),
            {
                "fields": [
                    ("head_count", "head_count_approx", "head_count_label"),
                    "purpose",
                    "topics",
                    "sources",
                ]
            },
        ),
        (_("Programm"), {"fields": ["programme"]}),
    ]

    @admin.display(description=_("Veranstaltungen"))
    def programme(self, obj):
        # The events name their delegation (events builds on partnerships), so the programme is
        # edited on each event and listed here through the reverse relation.
        events = obj.events.order_by("start", "pk") if obj.pk else []
        return format_html_join(
            ", ", '<a href="{}">{}</a>', ((e.get_absolute_url(), e.title) for e in events)
        ) or _("Noch keine Veranstaltungen; eine Veranstaltung nennt ihre Delegation.")


class AgreementParticipantFormSet(PreloadedFormSet):
    """Two parties at least, and every signatory signs for one of them."""

    @cached_property
    def parties(self) -> list:
        """The agreement's parties as saved (one query for all rows): what a signatory row's
        "unterzeichnet für" offers."""
        if self.instance.pk is None:
            return []
        rows = AgreementParticipant.objects.filter(
            agreement=self.instance, role=AgreementParticipant.Role.PARTY
        ).select_related("organisation")
        return [row.organisation for row in rows]

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parties": self.parties}

    def clean(self):
        super().clean()
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        Role = AgreementParticipant.Role
        parties = {row["organisation"] for row in rows if row.get("role") == Role.PARTY}
        if len(parties) < 2:
            raise ValidationError(_("Eine Vereinbarung hat mindestens zwei Vertragsparteien."))
        for row in rows:
            if row.get("role") != Role.SIGNATORY:
                continue
            if row.get("person") is None or row.get("organisation") not in parties:
                raise ValidationError(
                    _(
                        "Unterzeichnende brauchen eine Person und unterzeichnen für eine der "
                        "Vertragsparteien."
                    )
                )


class AgreementParticipantForm(InvolvementForm):
    """A party (an organisation) or a signatory. On the change page a signatory row picks the
    party it signed for from the agreement's parties ("unterzeichnet für"); a party added in
    the same step, and every party on the add page, is named in "Organisation" instead."""

    signed_for = forms.TypedChoiceField(
        label=_("unterzeichnet für"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Nur für Unterzeichnende: eine der Vertragsparteien."),
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {party.pk: party for party in parties}
        if "signed_for" in self.fields:
            self.fields["signed_for"].choices = [
                ("", "---------"),
                *((party.pk, str(party)) for party in parties),
            ]
            signatory = self.instance.role == AgreementParticipant.Role.SIGNATORY
            if self.instance.pk and signatory and self.instance.organisation_id in self.parties:
                self.initial.setdefault("signed_for", self.instance.organisation_id)

    def clean(self):
        signed_for = self.cleaned_data.get("signed_for")
        if signed_for is not None:
            party, named = self.parties[signed_for], self.cleaned_data.get("organisation")
            if self.cleaned_data.get("role") != AgreementParticipant.Role.SIGNATORY:
                message = _("Nur Unterzeichnende unterzeichnen für eine Partei.")
                self.add_error("signed_for", message)
            elif named is not None and named != party:
                message = _("„Organisation“ und „unterzeichnet für“ passen nicht zusammen.")
                self.add_error("organisation", message)
            else:
                self.cleaned_data["organisation"] = party
        return super().clean()


class AgreementParticipantInline(InvolvementInline):
    model = AgreementParticipant
    form = AgreementParticipantForm
    formset = AgreementParticipantFormSet
    occasion_date = "signed_on"
    autocomplete_fields = ["organisation", "person"]
    fields = ["role", "organisation", "signed_for", "person", "role_title"]
    verbose_name_plural = _(
        "Vertragsparteien (mindestens zwei) und Unterzeichnende (Person und die Partei, für die "
        "sie unterzeichnet)"
    )

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:  # no parties saved yet: the signatory names its party as organisation
            fields = [name for name in fields if name != "signed_for"]
        return fields


@admin.register(Agreement)
class AgreementAdmin(DomainAdmin):
    list_display = ["title", "kind", "status", "signed_on", "signed_place", "supplements"]
    list_filter = ["kind", "status", "topics"]
    list_select_related = ["supplements"]
    search_fields = ["title", "description", "signed_place"]
    autocomplete_fields = ["supplements", "topics", "sources"]
    date_hierarchy = "signed_on"
    inlines = [AgreementParticipantInline]
    history_related = ("participants",)
    fieldsets = [
        (None, {"fields": ["title", "kind", "status", "supplements"]}),
        (
            _("Unterzeichnung"),
            {"fields": [("signed_on", "signed_on_precision", "signed_on_approx"), "signed_place"]},
        ),
        (
            _("Gültigkeit"),
            {
                "fields": [
                    ("valid_from", "valid_from_precision", "valid_from_approx"),
                    ("valid_until", "valid_until_precision", "valid_until_approx"),
                ]
            },
        ),
        (_("Inhalt"), {"fields": ["description", "topics", "document", "sources"]}),
    ]


@admin.register(DelegationMember)
class DelegationMemberAdmin(DomainAdmin):
    list_display = ["delegation", "person", "organisation", "role", "role_title"]
    ordering = ["-pk"]  # newest first; by delegation (its date) means sorting every member
    list_select_related = ["delegation", "person", "organisation"]
    list_filter = ["role"]
    search_fields = ["delegation__title", "person__search_text", "organisation__search_text"]
    autocomplete_fields = ["delegation", "person", "organisation"]


@admin.register(AgreementParticipant)
class AgreementParticipantAdmin(DomainAdmin):
    list_display = ["agreement", "role", "organisation", "person", "role_title"]
    ordering = ["-pk"]
    list_select_related = ["agreement", "person", "organisation"]
    list_filter = ["role"]
    search_fields = ["agreement__title", "person__search_text", "organisation__search_text"]
    autocomplete_fields = ["agreement", "person", "organisation"]
