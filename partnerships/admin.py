from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import DomainAdmin, DomainInline, country_column
from partnerships.models import Agreement, AgreementParty, Delegation, DelegationMember, Signatory


class DelegationMemberInline(DomainInline):
    model = DelegationMember
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "role", "role_title"]


@admin.register(Delegation)
class DelegationAdmin(DomainAdmin):
    list_display = [
        "title", "direction", "start", country_column("origin_country", _("Herkunftsland")),
        country_column("destination_country", _("Zielland")), "destination_city", "leader",
        "head_count",
    ]  # fmt: skip
    list_filter = ["direction", "origin_country", "destination_country", "topics"]
    list_select_related = ["leader"]
    search_fields = ["title", "purpose", "destination_city", "origin_city"]
    autocomplete_fields = ["origin_organisation", "leader", "organisers", "topics", "sources"]
    date_hierarchy = "start"
    # events/admin.py adds the programme of events here (events builds on partnerships).
    inlines = [DelegationMemberInline]
    fieldsets = [
        (None, {"fields": ["title", "direction", "leader", "organisers"]}),
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
    ]


class AgreementPartyInline(DomainInline):
    model = AgreementParty
    autocomplete_fields = ["organisation"]
    min_num = 2
    verbose_name_plural = _("Vertragsparteien (mindestens zwei)")


class SignatoryInline(DomainInline):
    model = Signatory
    autocomplete_fields = ["person", "party"]
    fields = ["person", "party", "role_title"]


@admin.register(Agreement)
class AgreementAdmin(DomainAdmin):
    list_display = ["title", "kind", "status", "signed_on", "signed_place", "supplements"]
    list_filter = ["kind", "status", "topics"]
    list_select_related = ["supplements"]
    search_fields = ["title", "description", "signed_place"]
    autocomplete_fields = ["supplements", "topics", "sources"]
    date_hierarchy = "signed_on"
    inlines = [AgreementPartyInline, SignatoryInline]
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


@admin.register(AgreementParty)
class AgreementPartyAdmin(DomainAdmin):
    list_display = ["agreement", "organisation"]
    list_select_related = ["agreement", "organisation"]
    search_fields = ["agreement__title", "organisation__search_text"]
    autocomplete_fields = ["agreement", "organisation"]


@admin.register(Signatory)
class SignatoryAdmin(DomainAdmin):
    list_display = ["agreement", "person", "party", "role_title"]
    list_select_related = ["agreement", "person", "party"]
    search_fields = ["agreement__title", "person__search_text", "role_title"]
    autocomplete_fields = ["agreement", "person", "party"]
