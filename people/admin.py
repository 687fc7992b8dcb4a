from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from core.admin import DomainAdmin, DomainInline, country_column
from core.spreadsheets import CheckedImportMixin
from people.models import Affiliation, Organisation, Person, Source, Topic
from people.resources import OrganisationResource, PersonResource

# Spreadsheet import/export with a preview (django-import-export): editors import ("add"
# permission), everyone with "view" exports; see IMPORT_EXPORT_* in config/settings.py.
SPREADSHEET_FORMATS = [CSV, XLSX]


class PersonAffiliationInline(DomainInline):
    model = Affiliation
    fk_name = "person"
    autocomplete_fields = ["organisation"]
    fields = [
        "organisation", "role_title",
        "since", "since_precision", "since_approx",
        "until", "until_precision", "until_approx",
        "is_primary",
    ]  # fmt: skip
    verbose_name_plural = _("Funktionen")


class OrganisationAffiliationInline(PersonAffiliationInline):
    fk_name = "organisation"
    autocomplete_fields = ["person"]
    fields = ["person", *PersonAffiliationInline.fields[1:]]
    verbose_name_plural = _("Personen und ihre Funktionen")


@admin.register(Topic)
class TopicAdmin(DomainAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(DomainAdmin):
    list_display = ["title", "publisher", "published_on", "author", "language"]
    list_filter = ["language", "publisher"]
    search_fields = ["title", "publisher", "author", "reference"]
    date_hierarchy = "published_on"


@admin.register(Organisation)
class OrganisationAdmin(CheckedImportMixin, DomainAdmin):
    resource_classes = [OrganisationResource]
    formats = SPREADSHEET_FORMATS
    list_display = [
        "name", "short_name", "kind", country_column("country", _("Land")), "city", "parent",
        "people_count",
    ]  # fmt: skip
    list_filter = ["kind", "country", "sectors"]
    list_select_related = ["parent"]
    search_fields = ["name"]  # matched through the folded search_text, see DomainAdmin
    autocomplete_fields = ["parent", "sectors", "sources"]
    inlines = [OrganisationAffiliationInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "aliases", "kind", "parent"]}),
        (_("Ort und Kontakt"), {"fields": [("country", "city"), "website", "logo"]}),
        (_("Inhalt"), {"fields": ["sectors", "description", "sources"]}),
    ]

    def get_queryset(self, request):
        # A correlated count that the database runs for the rows of the page only (an index-only
        # scan each). Count("affiliations") grouped every affiliation of every organisation for
        # each page and for the paginator's count (docs/performance.md).
        roles = (
            Affiliation.objects.filter(organisation=OuterRef("pk"))
            .order_by()
            .values("organisation")
            .annotate(n=Count("*"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(people_count=Coalesce(Subquery(roles, output_field=IntegerField()), 0))
        )

    @admin.display(description=_("Personen"), ordering="people_count")
    def people_count(self, obj):
        return obj.people_count


@admin.register(Person)
class PersonAdmin(CheckedImportMixin, DomainAdmin):
    resource_classes = [PersonResource]
    formats = SPREADSHEET_FORMATS
    list_display = ["family_name", "given_name", "honorific", "legal_basis", "erased_at"]
    list_filter = ["legal_basis"]
    search_fields = ["family_name"]  # matched through the folded search_text, see DomainAdmin
    autocomplete_fields = ["sources"]
    inlines = [PersonAffiliationInline]
    readonly_fields = ["erased_at"]
    fieldsets = [
        (None, {"fields": [("honorific", "given_name", "family_name"), "name_variants", "photo"]}),
        (_("Kontakt"), {"fields": ["email", "phone"]}),
        (_("Datenschutz"), {"fields": ["legal_basis", "sources", "erased_at"]}),
        (_("Notizen"), {"fields": ["notes"]}),
    ]


@admin.register(Affiliation)
class AffiliationAdmin(DomainAdmin):
    list_display = ["person", "role_title", "organisation", "since", "until", "is_primary"]
    list_select_related = ["person", "organisation"]
    list_filter = ["is_primary", "organisation__kind"]
    search_fields = ["role_title", "person__search_text", "organisation__search_text"]
    autocomplete_fields = ["person", "organisation", "sources"]
