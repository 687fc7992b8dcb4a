"""Spreadsheet import in the admin (django-import-export), made safe to confirm.

django-import-export's second step (``process_import``) trusts its hidden form fields: a
missing file name or a ``format`` that is not a number of the list gave a 500, and
``import_file_name`` could name *any* file in the temp folder (another editor's upload, a file
another program left there), which was then read and imported. ``CheckedImportMixin``:

* remembers in the session which temp files the first step (``import_action``) wrote for this
  user and this model; the confirmation may only name one of those, and only once;
* checks ``format`` (an index into the admin's formats) and ``original_file_name``;
* answers anything else with 400 and a German page; nothing is read or written.
"""

import os

from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

from core.admin import bad_request

SESSION_KEY = "spreadsheet_imports"
KEEP = 10  # temp files remembered per model and session (earlier previews expire)


class CheckedImportMixin(ImportExportMixin):
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
        if not raw_format.isdigit() or int(raw_format) >= len(self.get_import_formats()):
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
