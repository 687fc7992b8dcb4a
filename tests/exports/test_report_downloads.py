"""The report downloads: date cells with the honest date beside them, in the XLSX; the ISO
date beside the honest text in the CSV."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.exports.helpers import csv_table, workbook_of
from tests.reports.data import build_story


@pytest.fixture
def story(db):
    return build_story()


def test_period_report_xlsx_dates_are_date_cells_with_text(manager_client, story):
    url = reverse("reports:period_report") + "?date_from=2016-01-01&date_to=2025-12-31"
    workbook = workbook_of(manager_client.get(url + "&format=xlsx"))
    assert "Zeitachse" in workbook.sheetnames and "Nach Thema" in workbook.sheetnames
    for title in ("Zeitachse", "Beteiligte", "Begegnungen Personen", "Nach Thema"):
        sheet = workbook[title]
        header = [c.value for c in sheet[1]]
        at = header.index("Datum (ISO)")
        assert header[at + 1] == "Datum"
        dated = [row for row in sheet.iter_rows(min_row=2) if row[at].value is not None]
        assert dated, title
        for row in dated:
            assert isinstance(row[at].value, dt.datetime), (title, row[at].value)
            assert isinstance(row[at + 1].value, str)
        assert sheet.freeze_panes == "A2" and sheet[1][0].font.bold
    texts = {row[1] for row in workbook["Zeitachse"].iter_rows(min_row=2, values_only=True)}
    assert "ca. 2017" in texts  # the MoU signed "about 2017", as written
    table = csv_table(manager_client.get(url + "&format=csv&table=timeline"))
    assert table[0][:2] == ["Datum (ISO)", "Datum"]
    assert ["2017", "ca. 2017"] in [row[:2] for row in table[1:]]


def test_partner_report_xlsx_dates(manager_client, story):
    url = reverse("reports:partner_report") + f"?organisation={story.koriyama.pk}&format=xlsx"
    workbook = workbook_of(manager_client.get(url))
    sheet = workbook["Zeitachse"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value is not None]
    assert cells and all(c.is_date for c in cells)
    texts = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(texts)  # the date as written beside every date cell
