"""CSV and XLSX downloads shared by list pages, reports and admin actions.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
prefixed with an apostrophe, so exported names cannot execute in Excel or LibreOffice.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_formula(value):
    """The cell value, made inert if a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_filename(filename: str) -> str:
    return "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "export"


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Stream rows as a UTF-8 CSV (with BOM, so spreadsheet programs detect the encoding)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow([escape_formula(h) for h in header])
        for row in rows:
            yield writer.writerow([escape_formula(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response


def xlsx_response(filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]):
    """An XLSX workbook with one sheet per entry: ``{title: (header, rows)}``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([escape_formula(h) for h in header])
        for row in rows:
            sheet.append([escape_formula(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response
