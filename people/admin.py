from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from core.admin import DomainAdmin, DomainInline, country_column
from core.spreadsheets import CheckedImportMixin
from people.involvement_admin import affiliation_at_view
from people.matching import organisation_matches, person_matches
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


CONFIRM_NEW = "confirm_new"


DUPLICATE_HELP = _(
    "Ist keiner davon gemeint, „Trotzdem neu anlegen“ ankreuzen und noch einmal speichern. "
    "Doppelte Einträge lassen sich unter „Mögliche Dubletten“ zusammenführen."
)


def _duplicate_warning(matches) -> str:
    items = format_html_join(
        "",
        '<li><a href="{}" target="_blank">{}</a> (Nr. {}; {})</li>',
        (
            (m.record.get_absolute_url(), m.record, m.record.pk, ", ".join(map(str, m.reasons)))
            for m in matches
        ),
    )
    return format_html(
        "{}<ul>{}</ul>{}", _("Diesen Eintrag gibt es wahrscheinlich schon:"), items, DUPLICATE_HELP
    )


class DuplicateCheckForm(forms.ModelForm):
    """Creating a record asks first when the directory likely has it already."""

    confirm_new = forms.BooleanField(
        label=_("Trotzdem neu anlegen"),
        required=False,
        help_text=_("Nur ankreuzen, wenn keiner der genannten Einträge gemeint ist."),
    )
    name_fields: tuple[str, ...] = ()

    @staticmethod
    def matches_of(record):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or cleaned.get(CONFIRM_NEW) or self.errors:
            return cleaned
        record = self._meta.model(**{f: cleaned.get(f) or "" for f in self.name_fields})
        matches = self.matches_of(record)
        if matches:
            raise ValidationError(_duplicate_warning(matches), code="likely_duplicate")
        return cleaned


class OrganisationForm(DuplicateCheckForm):
    name_fields = ("name", "short_name", "aliases", "country")
    matches_of = staticmethod(organisation_matches)


class PersonForm(DuplicateCheckForm):
    name_fields = ("honorific", "given_name", "family_name", "name_variants", "email")
    matches_of = staticmethod(person_matches)


class DuplicateCheckAdmin(DomainAdmin):
    """On the add page, the "create anyway" box below the names."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], CONFIRM_NEW]}), *rest]


@admin.register(Topic)
class TopicAdmin(DomainAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


def source_reference(source: Source) -> str:
    """A stable key for a source entered by hand: publisher, title and date as a slug, with a
    number when another source has it already ("stadt-essen-besuch-2019-09-02-2")."""
    date = f"{source.published_on:%Y-%m-%d}" if source.published_on else ""
    limit = Source._meta.get_field("reference").max_length - 4
    base = slugify(f"{source.publisher} {source.title} {date}")[:limit].strip("-") or "quelle"
    taken = set(
        Source.objects.filter(reference__startswith=base)
        .exclude(pk=source.pk)
        .values_list("reference", flat=True)
    )
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


class SourceForm(forms.ModelForm):
    """The key is for imports (the article's file name); by hand it may stay empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "reference" in self.fields:
            self.fields["reference"].required = False
            self.fields["reference"].help_text = _(
                "Stabiler Schlüssel der Quelle, z. B. der Dateiname des Artikels. Leer lassen: "
                "wird aus Herausgeber, Titel und Datum gebildet."
            )

    def clean(self):
        cleaned = super().clean()
        if "reference" in self.fields and not cleaned.get("reference"):
            draft = Source(
                pk=self.instance.pk,
                publisher=cleaned.get("publisher") or "",
                title=cleaned.get("title") or "",
                published_on=cleaned.get("published_on"),
            )
            cleaned["reference"] = source_reference(draft)
        return cleaned


@admin.register(Source)
class SourceAdmin(DomainAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "published_on", "author", "language"]
    list_filter = ["language", "publisher"]
    search_fields = ["title", "publisher", "author", "reference"]
    date_hierarchy = "published_on"


@admin.register(Organisation)
class OrganisationAdmin(CheckedImportMixin, DuplicateCheckAdmin):
    form = OrganisationForm
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
class PersonAdmin(CheckedImportMixin, DuplicateCheckAdmin):
    form = PersonForm
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

    def get_urls(self):
        # The role a person held on a date, for the participant rows (people.involvement_admin).
        view = self.admin_site.admin_view(affiliation_at_view)
        return [path("zum-datum/", view, name="people_affiliation_at"), *super().get_urls()]
