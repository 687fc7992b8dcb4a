"""Reading the downloads back: CSV rows and XLSX workbooks."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook


def csv_table(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def workbook_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def as_csv_text(value) -> str:
    """An XLSX cell as the CSV writes it (dates in ISO form, cut to the CSV's precision by the
    caller's comparison)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def same_cell(xlsx_value, csv_value: str) -> bool:
    """The XLSX date cell holds the period's first day; the CSV the ISO form as precise as
    known (2024-02-01 / "2024-02", 2022-01-01 / "2022")."""
    if isinstance(xlsx_value, dt.datetime):
        return bool(csv_value) and xlsx_value.date().isoformat().startswith(csv_value)
    return as_csv_text(xlsx_value) == csv_value
