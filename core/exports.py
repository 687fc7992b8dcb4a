"""CSV and XLSX downloads shared by list pages, reports and admin actions.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
prefixed with an apostrophe, so exported names cannot execute in Excel or LibreOffice.
"""

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from itertools import chain, islice

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from core.approxdate import ApproxDate, Precision

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


def csv_cell(value):
    """A cell as CSV text: an approximate date as its ISO form (``2018-11-16``, ``2024-02``,
    ``2022``; empty when unknown; the honest text goes in a column of its own), a date as ISO,
    anything else made inert (escape_formula)."""
    if isinstance(value, ApproxDate):
        return value.iso() or ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_formula(value)


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
        yield writer.writerow([csv_cell(cell) for cell in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Stream rows as a CSV (see csv_lines)."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response


# How a date cell shows an approximate date: no more precise than it is known.
DATE_FORMATS = {
    Precision.DAY: "DD.MM.YYYY",
    Precision.MONTH: "MM.YYYY",
}
YEAR_FORMAT = "YYYY"
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _width_text(value) -> str:
    if isinstance(value, ApproxDate | dt.date):
        return "00.00.0000"
    return str(value)


def _column_width(values) -> float:
    longest = max(
        (len(line) for v in values for line in _width_text(v).splitlines() or [""]), default=0
    )
    return min(max(longest + 2, 8), 60)


def sheet_title(title) -> str:
    """A valid sheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    return str(title).translate(SHEET_TITLE_FORBIDDEN).strip()[:31] or "Tabelle"


def _xlsx_cell(sheet, value):
    """A written cell: an approximate date (and a date) as a real date cell, formatted no more
    precisely than known (its text, "Q1 2022" or "ca. 2017", goes in the column beside);
    text made inert."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, ApproxDate):
        if value.value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value.value)
        cell.number_format = DATE_FORMATS.get(value.precision, YEAR_FORMAT)
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMATS[Precision.DAY]
        return cell
    return escape_formula(value)


def xlsx_file(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]):
    """An XLSX workbook in a temporary file (at its start), one sheet per entry:
    ``{title: (header, rows)}``; each sheet has a bold, frozen header row with an autofilter
    and columns as wide as their first rows' content.

    openpyxl's write-only mode writes each row out as it comes, so the rows can be an
    iterator over a queryset of any size and memory stays constant (only the first
    WIDTH_SAMPLE rows are held, to size the columns)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=sheet_title(title))
        header = [escape_formula(h) for h in header]
        rows = iter(rows)
        first = list(islice(rows, WIDTH_SAMPLE))
        for index, name in enumerate(header):
            sample = [name, *(row[index] for row in first if index < len(row))]
            sheet.column_dimensions[get_column_letter(index + 1)].width = _column_width(sample)
        if header:
            sheet.freeze_panes = "A2"
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        count = 0
        for row in chain(first, rows):
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            count += 1
        if header:
            # written after the rows (write-only mode writes the autofilter at the sheet's end)
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    # closed by the caller (FileResponse closes it once sent)
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_content(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """The XLSX workbook of xlsx_file as bytes (for small, bounded tables)."""
    with xlsx_file(sheets) as handle:
        return handle.read()


def xlsx_response(filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]):
    """An XLSX download of bounded tables, held in memory (see xlsx_file)."""
    response = HttpResponse(xlsx_content(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response


def xlsx_streaming_response(
    filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]
):
    """An XLSX download of rows of any number: written row by row to a temporary file, then
    streamed from it in blocks (see xlsx_file), so memory does not grow with the rows."""
    response = FileResponse(xlsx_file(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response
