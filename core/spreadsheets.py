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
"""

import csv
import io
import os
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from core.admin import bad_request
from core.text import is_digits

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


def _csv_rows(upload):
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", errors="replace", newline="")
    try:
        yield from csv.reader(text)
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


class CheckedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_spreadsheet(upload)
        return upload


class CheckedImportMixin(ImportExportMixin):
    import_form_class = CheckedImportForm

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
