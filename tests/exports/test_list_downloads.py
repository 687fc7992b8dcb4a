"""Every list page as XLSX: the CSV's rows and columns, real date cells with the date as
written beside them, a German sheet name, a bold frozen header; streamed, in a fixed number of
queries."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Event
from tests.exports.helpers import csv_table, same_cell, workbook_of
from tests.factories import make_agreement, make_delegation, make_event
from tests.pages.world import add_rows, build_world
from tests.trust.urls_catalog import LIST_PAGES

pytestmark = pytest.mark.django_db

SHEET_TITLES = {
    "people:organisation_list": "Organisationen",
    "people:person_list": "Personen",
    "partnerships:delegation_list": "Delegationen",
    "partnerships:agreement_list": "Vereinbarungen",
    "events:event_list": "Veranstaltungen",
    "events:encounter_list": "Begegnungen",
}
FILENAMES = {
    "people:organisation_list": "organisationen.xlsx",
    "events:event_list": "veranstaltungen.xlsx",
}


@pytest.fixture
def world():
    world = build_world(size=3)
    world["quarter_event"] = make_event(
        start="Q1 2022", title="Quartalstreffen", status=Event.Status.HELD
    )
    world["old_mou"] = make_agreement(signed="ca. 2017", title="Alte Absichtserklärung")
    world["summer_trip"] = make_delegation(start="Sommer 2020", title="Sommerreise")
    return world


def _both(client, name, params=None):
    params = params or {}
    table = csv_table(client.get(reverse(name), {**params, "format": "csv"}))
    response = client.get(reverse(name), {**params, "format": "xlsx"})
    assert response.status_code == 200
    return table, response


@pytest.mark.parametrize("name", LIST_PAGES)
def test_xlsx_has_the_csv_rows_and_columns(manager_client, world, name):
    table, response = _both(manager_client, name)
    assert response.streaming  # written to a temporary file, sent from it in blocks
    sheet = workbook_of(response).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == len(table) > 1
    header, *body = rows
    assert list(header) == table[0]
    for xlsx_row, csv_row in zip(body, table[1:], strict=True):
        assert len(xlsx_row) == len(csv_row)
        mismatched = [(x, c) for x, c in zip(xlsx_row, csv_row, strict=True) if not same_cell(x, c)]
        assert mismatched == [], (name, csv_row)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_xlsx_sheet_is_german_with_a_bold_frozen_filtered_header(manager_client, world, name):
    response = manager_client.get(reverse(name), {"format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment; filename=")
    if name in FILENAMES:
        assert FILENAMES[name] in response["Content-Disposition"]
    workbook = workbook_of(response)
    assert workbook.sheetnames == [SHEET_TITLES[name]]
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.auto_filter.ref == f"A1:{sheet[1][-1].column_letter}{sheet.max_row}"


@pytest.mark.parametrize(
    ("name", "title", "column", "iso", "first_day", "text"),
    [
        ("events:event_list", "Quartalstreffen", "von", "2022", dt.date(2022, 1, 1), "Q1 2022"),
        (
            "partnerships:agreement_list",
            "Alte Absichtserklärung",
            "unterzeichnet am",
            "2017",
            dt.date(2017, 1, 1),
            "ca. 2017",
        ),
        ("partnerships:delegation_list", "Sommerreise", "von", "2020", None, "Sommer 2020"),
        (
            "events:event_list",
            "Erstes Wirtschaftsforum",
            "von",
            None,
            None,
            None,
        ),
    ],
)
def test_dates_are_date_cells_with_their_honest_text_beside(
    manager_client, world, name, title, column, iso, first_day, text
):
    table, response = _both(manager_client, name)
    header = table[0]
    at = header.index(column)
    assert header[at + 1] == f"{column} (Angabe)"
    rows = {row[0]: row for row in table[1:]}
    sheet = workbook_of(response).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    if title not in rows:  # the world's own rows: every date column is a date cell
        title = next(t for t, row in cells.items() if row[at].value is not None)
    date_cell = cells[title][at]
    assert isinstance(date_cell.value, dt.datetime)  # a real date, not text
    assert date_cell.is_date
    assert cells[title][at + 1].value == rows[title][at + 1]
    if iso is not None:
        assert rows[title][at] == iso  # the CSV keeps the ISO form, as precise as known
        assert rows[title][at + 1] == text  # … and the date as written beside it
        assert cells[title][at + 1].value == text
        if first_day:
            assert date_cell.value.date() == first_day
        assert date_cell.number_format == "YYYY"  # shown no more precisely than known


def test_unknown_dates_are_empty_cells_with_their_text(manager_client, world):
    make_event(start=None, title="Ohne Datum")
    table, response = _both(manager_client, "events:event_list", {"q": "Ohne Datum"})
    assert table[1][3:5] == ["", "Datum unbekannt"]
    row = next(workbook_of(response).active.iter_rows(min_row=2, values_only=True))
    assert row[3:5] == (None, "Datum unbekannt")


def test_a_day_date_shows_as_a_german_day(manager_client, world):
    make_event(start="2019-05-07", title="Ein Tag")
    response = manager_client.get(reverse("events:event_list"), {"q": "Ein Tag", "format": "xlsx"})
    cell = next(workbook_of(response).active.iter_rows(min_row=2))[3]
    assert cell.value == dt.datetime(2019, 5, 7)
    assert cell.number_format == "DD.MM.YYYY"


def test_xlsx_holds_the_filtered_list(manager_client, world):
    table, response = _both(manager_client, "events:event_list", {"topic": "medizin"})
    sheet = workbook_of(response).active
    assert sheet.max_row == len(table)
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        row[0] for row in table[1:]
    ]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_page_links_both_downloads_with_its_filters(manager_client, world, name):
    html = manager_client.get(reverse(name), {"q": "Essen"}).content.decode()
    assert 'href="?q=Essen&amp;format=csv"' in html
    assert 'href="?q=Essen&amp;format=xlsx" data-download="xlsx"' in html
    assert "XLSX herunterladen" in html


def test_unknown_format_names_both(manager_client, world):
    html = manager_client.get(reverse("events:event_list"), {"format": "ods"}).content.decode()
    assert "erlaubt sind „csv“ und „xlsx“" in html


def test_outsiders_get_no_xlsx(outsider_client, client, world):
    url = reverse("events:event_list") + "?format=xlsx"
    assert outsider_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("name", LIST_PAGES)
def test_xlsx_query_count_does_not_grow_with_rows(
    manager_client, django_assert_max_num_queries, name
):
    world = build_world(size=2)
    with django_assert_max_num_queries(9) as few:
        workbook_of(manager_client.get(reverse(name), {"format": "xlsx"}))
    add_rows(world, 60)
    with django_assert_max_num_queries(9) as many:
        sheet = workbook_of(manager_client.get(reverse(name), {"format": "xlsx"})).active
    assert sheet.max_row > 2
    assert len(many.captured_queries) == len(few.captured_queries)
