"""Spreadsheet import and export (CSV/XLSX) of organisations and people in the admin.

The files are the app's own kind (core.spreadsheets): German column titles, labels and
country names, CSV with BOM and semicolons; older files (field names, codes, commas) import
too. Every imported row is full_clean()-ed, and its history entry says it came from a
spreadsheet import; the rows are written all together or not at all.

A new row (no id) whose name the directory already has (people.matching, the one matcher) is
not created silently: with a likely match (the same name or another name of the record, or for
people the same e-mail address, and no other country) the row is refused with the candidates,
until it names the record in the id column (then that record is updated) or says
"Neu anlegen: ja". Weaker candidates (the same name in another country) are shown in the
preview's column "Mögliche Dublette". See docs/spreadsheets.md.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export.resources import Diff

from core.spreadsheets import (
    ChoiceLabelWidget,
    CountryWidget,
    NamesWidget,
    NameWidget,
    SpreadsheetResource,
    is_yes,
)
from people.matching import organisation_matches, person_matches
from people.models import Organisation, Person, Topic
from people.names import organisation_key

CREATE_NEW = "create_new"
# people.matching scores: the same name (or another name of the record, or the same e-mail
# address) scores 50 or more; another country or being the row's parent takes 40 off.
BLOCKING_SCORE = 50
DUPLICATE_COLUMN = _("Mögliche Dublette")


class NotedDiff(Diff):
    """The preview's row, with the likely duplicates as its last column."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.note = ""

    def compare_with(self, resource, instance):
        super().compare_with(resource, instance)
        self.note = getattr(instance, "_import_note", "") if instance is not None else ""

    def as_html(self):
        return [*super().as_html(), self.note]


class DirectoryResource(SpreadsheetResource):
    extra_columns = {CREATE_NEW: _("Neu anlegen")}

    @staticmethod
    def matches_of(instance):
        raise NotImplementedError

    @classmethod
    def get_diff_class(cls):
        return NotedDiff

    def get_diff_headers(self):
        return [*super().get_diff_headers(), str(DUPLICATE_COLUMN)]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.created_rows = {}  # pk → row number: what this file created so far

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_new = new
        instance._import_create_anyway = is_yes(row.get(self.extra_column(CREATE_NEW)))

    def _describe(self, match) -> str:
        record = match.record
        if record.pk in self.created_rows:
            where = _("Zeile %(row)s dieser Datei") % {"row": self.created_rows[record.pk]}
        else:
            where = _("id %(id)s") % {"id": record.pk}
        return f"{record} ({where}; {', '.join(map(str, match.reasons))})"

    def duplicate_error(self, instance) -> str | None:
        """Why a new row is refused as a likely duplicate (None: it is not); the candidates
        go to the preview's column either way."""
        if not getattr(instance, "_import_new", False):
            return None
        matches = self.matches_of(instance)
        if not matches:
            return None
        candidates = "; ".join(self._describe(m) for m in matches)
        instance._import_note = _("Mögliche Dublette von: %(records)s") % {"records": candidates}
        if instance._import_create_anyway or matches[0].score < BLOCKING_SCORE:
            return None
        return _(
            "Mögliche Dublette von: %(records)s. Ist derselbe Eintrag gemeint, seine Nummer in "
            "die Spalte „%(id)s“ eintragen (dann wird er geändert); ist es ein anderer, „ja“ in "
            "die Spalte „%(new)s“."
        ) % {
            "records": candidates,
            "id": self.fields["id"].column_name,
            "new": self.extra_column(CREATE_NEW),
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        problem = self.duplicate_error(instance)
        if problem:
            errors[NON_FIELD_ERRORS] = [*errors.get(NON_FIELD_ERRORS, []), problem]
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "Tabellenimport"  # stored: the same in every UI language

    def after_save_instance(self, instance, row, **kwargs):
        if getattr(instance, "_import_new", False):
            self.created_rows[instance.pk] = kwargs.get("row_number")

    class Meta:
        abstract = True


class OrganisationNameWidget(NameWidget):
    def fallback(self, text):
        # "Fraunhofer Gesellschaft" for "Fraunhofer-Gesellschaft": the matcher's stored key
        return Organisation.objects.filter(match_key=organisation_key(text))


class OrganisationResource(DirectoryResource):
    kind = fields.Field(
        attribute="kind",
        widget=ChoiceLabelWidget(Organisation.Kind, default=Organisation.Kind.OTHER),
    )
    parent = fields.Field(attribute="parent", widget=OrganisationNameWidget(Organisation))
    country = fields.Field(attribute="country", widget=CountryWidget())
    sectors = fields.Field(attribute="sectors", widget=NamesWidget(Topic))

    matches_of = staticmethod(organisation_matches)

    class Meta:
        model = Organisation
        fields = (
            "id", "name", "short_name", "aliases", "kind", "parent", "country", "city",
            "website", "sectors", "description",
        )  # fmt: skip
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related("parent").prefetch_related("sectors")


class PersonResource(DirectoryResource):
    legal_basis = fields.Field(
        attribute="legal_basis",
        widget=ChoiceLabelWidget(Person.LegalBasis, default=Person.LegalBasis.PUBLIC_ROLE),
    )

    matches_of = staticmethod(person_matches)

    class Meta:
        model = Person
        fields = (
            "id", "honorific", "given_name", "family_name", "name_variants", "email",
            "phone", "legal_basis", "notes",
        )  # fmt: skip
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def filter_export(self, queryset, **kwargs):
        # Erased people keep only a placeholder; there is nothing of theirs to hand out.
        return super().filter_export(queryset, **kwargs).filter(erased_at__isnull=True)
