"""Spreadsheet import and export (CSV/XLSX) of organisations and people in the admin.

Exported cells that a spreadsheet would run as a formula get an apostrophe in front
(core.exports.escape_formula); the import takes it off again, so a file can go out and come
back unchanged. Every imported row is full_clean()-ed, and its history entry says it came
from a spreadsheet import.
"""

from import_export import fields, resources, widgets

from core.exports import FORMULA_PREFIXES, escape_formula
from people.models import Organisation, Person, Topic


class FormulaSafeResource(resources.ModelResource):
    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [escape_formula(value) for value in row]

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
                row[key] = value[1:]

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "Tabellenimport"  # stored: the same in every UI language


class OrganisationResource(FormulaSafeResource):
    parent = fields.Field(
        attribute="parent",
        column_name="parent",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    sectors = fields.Field(
        attribute="sectors",
        column_name="sectors",
        widget=widgets.ManyToManyWidget(Topic, field="name", separator=";"),
    )

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


class PersonResource(FormulaSafeResource):
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

    def filter_export(self, queryset, **kwargs):
        # Erased people keep only a placeholder; there is nothing of theirs to hand out.
        return super().filter_export(queryset, **kwargs).filter(erased_at__isnull=True)
