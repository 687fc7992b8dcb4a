"""Spreadsheet import in the admin (django-import-export), made safe to confirm.

django-import-export's second step (``process_import``) trusts its hidden form fields: a
missing file name or a ``format`` that is not a number of the list gave a 500, and
``import_file_name`` could name *any* file in the temp folder (another editor's upload, a file
another program left there), which was then read and imported. ``CheckedImportMixin``:

* remembers in the session which temp files the first step (``import_action``) wrote for this
  user and this model; the confirmation may only name one of those, and only once;
* checks ``format`` (an index into the admin's formats) and ``original_file_name``;
* answers anything else with 400 and a German page; nothing is read or written.

And it bounds what the first step will parse (``check_spreadsheet``, run as the upload form's
validation, so a refused file gets a German message on the form and nothing is stored, not
even the temp file): the file size, for XLSX the unpacked size and number of parts (read
from the ZIP directory before anything is unpacked), the number of rows and the length of
each cell. The limits are the ``SPREADSHEET_*`` settings.

The files are the app's own kind (``SpreadsheetCSV``, ``SpreadsheetXLSX``, ``SpreadsheetResource``):
columns titled with the model fields' names in the request's language ("Name", "Art", "Land"),
choices as their labels ("Stadt/Gemeinde") and countries by name ("Deutschland"); CSV in UTF-8
with BOM and semicolons, XLSX through core.exports with a sheet named after what it holds. The
import takes those files back and also older ones: semicolons or commas, with or without BOM,
the field names as column titles ("name", "kind"), stored values and ISO codes ("city", "DE"),
and titles, labels and country names in any of the app's languages.
"""

import contextlib
import csv
import io
import itertools
import os
import zipfile
from functools import lru_cache

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_countries import countries
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm

from core.admin import bad_request
from core.exports import FORMULA_PREFIXES, csv_lines, escape_formula, xlsx_content
from core.labels import choice_label, country_name
from core.text import fold, is_digits

SESSION_KEY = "spreadsheet_imports"
KEEP = 10  # temp files remembered per model and session (earlier previews expire)


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def _check_zip(upload) -> None:
    """An XLSX is a ZIP; its directory says how big every part unpacks, before unpacking."""
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse(_("Die Datei ist keine lesbare XLSX-Datei."), "bad_xlsx")
    if len(parts) > settings.SPREADSHEET_MAX_XLSX_PARTS:
        _refuse(
            _("Die XLSX-Datei besteht aus %(count)s Teilen; erlaubt sind höchstens %(limit)s."),
            "too_many_parts",
            count=len(parts),
            limit=settings.SPREADSHEET_MAX_XLSX_PARTS,
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > settings.SPREADSHEET_MAX_UNPACKED_BYTES:
        _refuse(
            _("Die XLSX-Datei wäre entpackt %(size)s groß; erlaubt sind höchstens %(limit)s."),
            "unpacked_too_large",
            size=filesizeformat(unpacked),
            limit=filesizeformat(settings.SPREADSHEET_MAX_UNPACKED_BYTES),
        )


def _xlsx_rows(upload):
    from openpyxl import load_workbook  # streaming reader: one row in memory at a time

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets[:1]:  # the import reads the first sheet
                yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        _refuse(_("Die Datei ist keine lesbare XLSX-Datei."), "bad_xlsx")


def sniff_delimiter(header_line: str) -> str:
    """The CSV's delimiter: whichever of ";" (the app's), "," and tab the header line has most."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(upload):
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", errors="replace", newline="")
    try:
        first = text.readline()
        yield from csv.reader(itertools.chain([first], text), delimiter=sniff_delimiter(first))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            _refuse(
                _("Ein Text ist länger als %(limit)s Zeichen."),
                "cell_too_long",
                limit=settings.SPREADSHEET_MAX_CELL_CHARS,
            )
        _refuse(_("Die CSV-Datei ist nicht lesbar."), "bad_csv")
    finally:
        text.detach()


def check_spreadsheet(upload) -> None:
    """Refuse (ValidationError, German) a spreadsheet beyond the limits, before the import
    parses it. Rows are read one at a time and the check stops at the first excess."""
    if upload.size > settings.SPREADSHEET_MAX_BYTES:
        _refuse(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s."),
            "file_too_large",
            size=filesizeformat(upload.size),
            limit=filesizeformat(settings.SPREADSHEET_MAX_BYTES),
        )
    upload.seek(0)
    is_zip = upload.read(4) == b"PK\x03\x04"
    upload.seek(0)
    rows = None
    try:
        if is_zip:
            _check_zip(upload)
            upload.seek(0)
        rows = _xlsx_rows(upload) if is_zip else _csv_rows(upload)
        max_rows, max_chars = settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_CELL_CHARS
        for number, row in enumerate(rows):
            if number > max_rows:  # row 0 is the header
                _refuse(
                    _("Die Tabelle hat mehr als %(limit)s Zeilen; bitte in Teilen importieren."),
                    "too_many_rows",
                    limit=max_rows,
                )
            for column, value in enumerate(row, start=1):
                if value is not None and len(str(value)) > max_chars:
                    _refuse(
                        _("Zeile %(row)s, Spalte %(column)s: Der Text ist länger als %(limit)s "
                          "Zeichen."),
                        "cell_too_long",
                        row=number + 1,
                        column=column,
                        limit=max_chars,
                    )  # fmt: skip
    finally:
        if rows is not None:
            rows.close()  # lets the CSV reader hand the file back (detach) before the seek
        upload.seek(0)


# --- the app's kind of file ------------------------------------------------------------------


class SpreadsheetCSV(CSV):
    """CSV as the app's downloads write it (core.exports.csv_lines: UTF-8 with BOM, ";");
    read with ";", "," or tab, with or without BOM."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        text = in_stream.removeprefix("\ufeff")
        dataset = tablib.Dataset()
        dataset.load(text, format="csv", delimiter=sniff_delimiter(text.split("\n", 1)[0]))
        return dataset

    def export_data(self, dataset, **kwargs):
        return "".join(csv_lines(dataset.headers or [], dataset))


class SpreadsheetXLSX(XLSX):
    """XLSX as the app's downloads write it (core.exports.xlsx_content), one sheet named after
    what it holds (the dataset's title, "Organisationen")."""

    def export_data(self, dataset, **kwargs):
        title = dataset.title or str(_("Tabelle"))
        return xlsx_content({title: (dataset.headers or [], list(dataset))})


SPREADSHEET_FORMATS = [SpreadsheetCSV, SpreadsheetXLSX]
APP_FORMATS = {CSV: SpreadsheetCSV, XLSX: SpreadsheetXLSX}

YES = {"ja", "j", "x", "yes", "y", "1", "true", "wahr"}


def is_yes(value) -> bool:
    return str(value or "").strip().casefold() in YES


def header_key(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def in_every_language(text) -> set[str]:
    """A lazy text (a column title, a label) as it reads in each of the app's languages."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(text))
    return names


@lru_cache(maxsize=32)
def _choice_lookup(choices) -> dict[str, str]:
    """Stored value, label in every language, and each unambiguous part of a label ("Stadt"
    of "Stadt/Gemeinde") → stored value."""
    lookup, parts = {}, {}
    for value, label in choices.choices:
        lookup[header_key(value)] = value
        for text in in_every_language(label):
            lookup[header_key(text)] = value
            for part in text.split("/"):
                parts.setdefault(header_key(part), set()).add(value)
    for part, values in parts.items():
        if len(values) == 1 and part:
            lookup.setdefault(part, next(iter(values)))
    return lookup


class ChoiceLabelWidget(widgets.Widget):
    """A choice written as its label in the request's language ("Stadt/Gemeinde"); read as a
    label in any language, an unambiguous part of one ("Stadt") or the stored value ("city").
    An empty cell is the field's default."""

    def __init__(self, choices, default="", **kwargs):
        self.choices, self.default = choices, default
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        return choice_label(self.choices, value) if value else ""

    def clean(self, value, row=None, **kwargs):
        if not header_key(value):
            return self.default
        found = _choice_lookup(self.choices).get(header_key(value))
        if found is None:
            raise ValueError(
                _("„%(value)s“ gibt es hier nicht; möglich sind: %(labels)s.")
                % {
                    "value": value,
                    "labels": ", ".join(str(label) for _v, label in self.choices.choices),
                }
            )
        return found


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    lookup = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for iso, name in countries:
                lookup.setdefault(fold(str(name)), iso)
    for iso, _name in countries:
        lookup.setdefault(fold(iso), iso)
        lookup.setdefault(fold(countries.alpha3(iso)), iso)
    return lookup


class CountryWidget(widgets.Widget):
    """A country written by its name in the request's language ("Deutschland"); read as a
    name in any of the app's languages (accents and case aside) or an ISO code ("DE", "DEU")."""

    def render(self, value, obj=None, **kwargs):
        return country_name(value)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        code = _country_lookup().get(fold(text))
        if code is None:
            raise ValueError(
                _("„%(value)s“ ist kein bekanntes Land (ein Name wie „Deutschland“ oder ein "
                  "ISO-Code wie „DE“).") % {"value": text}
            )  # fmt: skip
        return code


class NameWidget(widgets.ForeignKeyWidget):
    """A related record written by its name; read by its name (case aside), or its number.
    An unknown or ambiguous name is a row error, never a silent blank."""

    def __init__(self, model, field="name", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def fallback(self, text: str):
        """Records to try when no name is equal (a subclass may look further)."""
        return self.model.objects.none()

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        found = list(
            self.get_queryset(value, row, **kwargs).filter(**{f"{self.field}__iexact": text})[:2]
        )
        if not found and is_digits(text):
            found = list(self.model.objects.filter(pk=int(text))[:1])
        if not found:
            found = list(self.fallback(text)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                _("„%(value)s“ gibt es mehrmals; bitte die Nummer (id) eintragen.")
                % {"value": text}
            )
        raise ValueError(_("„%(value)s“ gibt es nicht.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class NamesWidget(widgets.ManyToManyWidget):
    """Related records by name, separated by ";" (case aside); an unknown name is a row error."""

    def __init__(self, model, field="name", **kwargs):
        super().__init__(model, field=field, separator=";", **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        if not names:
            return self.model.objects.none()
        lookup = Q()
        for name in names:
            lookup |= Q(**{f"{self.field}__iexact": name})
        found = self.model.objects.filter(lookup)
        known = {str(getattr(record, self.field)).casefold() for record in found}
        unknown = [name for name in names if name.casefold() not in known]
        if unknown:
            raise ValueError(
                _("Unbekannt: %(names)s.") % {"names": ", ".join(f"„{n}“" for n in unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{self.separator} ".join(str(getattr(record, self.field)) for record in value.all())


class SpreadsheetResource(resources.ModelResource):
    """A model's spreadsheet: columns titled with the fields' verbose names, found again on
    import by any title they had (see the module's docstring); errors name the column.

    Cells that a spreadsheet would run as a formula get an apostrophe in front
    (core.exports.escape_formula); the import takes it off again, so a file goes out and comes
    back unchanged. ``extra_columns`` are read on import only: ``{key: title}``.
    """

    extra_columns: dict = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model_options = self._meta.model._meta
        self.column_titles = {}
        for name, field in self.fields.items():
            try:
                title = model_options.get_field(field.attribute or name).verbose_name
            except FieldDoesNotExist:
                continue
            field.column_name = str(title)
            self.column_titles[name] = title

    def extra_column(self, key) -> str:
        return str(self.extra_columns[key])

    def header_aliases(self) -> dict[str, str]:
        aliases = {}
        for name, field in self.fields.items():
            titles = (
                in_every_language(self.column_titles[name]) if name in self.column_titles else ()
            )
            for title in (field.column_name, name, field.attribute or name, *titles):
                aliases.setdefault(header_key(title), field.column_name)
        for key, title in self.extra_columns.items():
            for alias in (key, *in_every_language(title)):
                aliases.setdefault(header_key(alias), str(title))
        return aliases

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = str(self._meta.model._meta.verbose_name_plural)
        return dataset

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [escape_formula(value) for value in row]

    def before_import(self, dataset, **kwargs):
        aliases = self.header_aliases()
        if dataset.headers:
            dataset.headers = [aliases.get(header_key(h), h) for h in dataset.headers]

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if value is None:  # an empty XLSX cell: the empty text a CSV has there
                row[key] = ""
            elif (
                isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_PREFIXES
            ):
                row[key] = value[1:]

    def _column_error(self, field, error) -> ValidationError:
        return ValidationError(
            _("Spalte „%(column)s“: %(error)s") % {"column": field.column_name, "error": error},
            code="invalid",
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for field in self.get_import_fields():
            if not field.attribute or field.column_name not in row:
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    field.clean(row)  # saved after the instance (save_m2m); checked now
                else:
                    self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = self._column_error(field, error)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            titles = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
            model_options = self._meta.model._meta
            by_column = {}
            for key, messages_ in error.message_dict.items():
                if key not in titles and key != NON_FIELD_ERRORS:
                    with contextlib.suppress(FieldDoesNotExist):
                        titles[key] = str(model_options.get_field(key).verbose_name)
                by_column.setdefault(titles.get(key, key), []).extend(messages_)
            raise ValidationError(by_column) from None

    class Meta:
        abstract = True


class CheckedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_spreadsheet(upload)
        return upload


class ColumnTitleExportForm(SelectableFieldsExportForm):
    """The export page's column boxes carry the columns' titles ("Kurzname", not "Short Name")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource().fields.get(field_name)
        return field.column_name if field is not None and field.column_name else field_name


class CheckedImportMixin(ImportExportMixin):
    import_form_class = CheckedImportForm
    export_form_class = ColumnTitleExportForm
    formats = SPREADSHEET_FORMATS

    # The admin's ``formats`` may name import-export's own CSV and XLSX; the files are always
    # the app's kind (German, ";"), in the same positions of the list.
    def get_import_formats(self):
        return [APP_FORMATS.get(f, f) for f in super().get_import_formats()]

    def get_export_formats(self):
        return [APP_FORMATS.get(f, f) for f in super().get_export_formats()]

    def process_dataset(self, dataset, form, request, **kwargs):
        # All rows or none: a row that fails on confirmation (the directory changed since the
        # preview) rolls back the rows before it too.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        messages.error(
            request, _("Es wurde nichts importiert: Zeilen sind inzwischen fehlerhaft (unten).")
        )
        form_kwargs = {**self.get_import_form_kwargs(request), "data": None, "files": None}
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request), **form_kwargs
            ),
            "opts": self.model._meta,
            "result": result,
            "import_error_display": self.import_error_display,
        }
        return TemplateResponse(request, [self.import_template_name], context)

    def _issued(self, request) -> dict:
        return request.session.get(SESSION_KEY, {})

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        confirm_form = (getattr(response, "context_data", None) or {}).get("confirm_form")
        if confirm_form is not None and confirm_form.initial.get("import_file_name"):
            issued = self._issued(request)
            label = self.model._meta.label
            name = os.path.basename(confirm_form.initial["import_file_name"])
            issued[label] = [*issued.get(label, []), name][-KEEP:]
            request.session[SESSION_KEY] = issued
        return response

    def confirmation_problem(self, request) -> str | None:
        """Why the confirmation POST cannot be processed, or None."""
        data = request.POST
        name = os.path.basename(data.get("import_file_name", ""))
        if name not in self._issued(request).get(self.model._meta.label, []):
            return _(
                "Diese Importdatei ist unbekannt oder schon verarbeitet. "
                "Bitte die Tabelle noch einmal hochladen."
            )
        raw_format = data.get("format", "")
        if not is_digits(raw_format) or int(raw_format) >= len(self.get_import_formats()):
            return _("Dieses Dateiformat gibt es nicht. Bitte die Tabelle noch einmal hochladen.")
        if not data.get("original_file_name", "").strip():
            return _("Der Dateiname fehlt. Bitte die Tabelle noch einmal hochladen.")
        return None

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        problem = self.confirmation_problem(request)
        if problem is not None:
            return bad_request(request, self, problem)
        name = os.path.basename(request.POST["import_file_name"])
        try:
            response = super().process_import(request, **kwargs)
        except FileNotFoundError:  # the temp folder was cleaned between preview and confirm
            response = bad_request(
                request, self, _("Die Importdatei ist abgelaufen. Bitte noch einmal hochladen.")
            )
        issued = self._issued(request)
        label = self.model._meta.label
        issued[label] = [n for n in issued.get(label, []) if n != name]
        request.session[SESSION_KEY] = issued
        return response
