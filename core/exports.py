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
CSV_DELIMITER = ";"
WIDTH_SAMPLE = 200  # rows whose content sets an XLSX column's width


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


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]):
    """The lines of a UTF-8 CSV with BOM (so spreadsheet programs detect the encoding) and
    semicolons (what a German Excel expects)."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff" + writer.writerow([escape_formula(h) for h in header])
    for row in rows:
        yield writer.writerow([escape_formula(cell) for cell in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Stream rows as a CSV (see csv_lines)."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response


def _column_width(values) -> float:
    longest = max((len(line) for v in values for line in str(v).splitlines() or [""]), default=0)
    return min(max(longest + 2, 8), 60)


def xlsx_content(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX workbook with one sheet per entry: ``{title: (header, rows)}``; each sheet has
    a bold, frozen header row with an autofilter and columns as wide as their content."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        header = [escape_formula(h) for h in header]
        rows = [[escape_formula(cell) for cell in row] for row in rows]
        for index, name in enumerate(header):
            sample = [name, *(row[index] for row in rows[:WIDTH_SAMPLE] if index < len(row))]
            sheet.column_dimensions[get_column_letter(index + 1)].width = _column_width(sample)
        if header:
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]):
    """An XLSX download (see xlsx_content)."""
    response = HttpResponse(xlsx_content(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response
