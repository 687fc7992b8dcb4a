"""The period report: what happened between two dates, who met whom, by partner and topic."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.reports.data import build_story

URL = reverse("reports:period_report")
Q_2018_2019 = "?date_from=2018-01-01&date_to=2019-12-31"


@pytest.fixture
def story(db):
    return build_story()


def _report(client, query=Q_2018_2019):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.context["report"]


def test_records_in_the_period(manager_client, story):
    report = _report(manager_client)
    assert (report.date_from, report.date_to) == (dt.date(2018, 1, 1), dt.date(2019, 12, 31))
    assert [item.title for item in report.items] == [
        "Workshops Medizintechnik",
        "Japanische Delegation in Essen",
        "IUC-Projektvereinbarung Essen–Koriyama",
        "Unterzeichnung der IUC-Projektvereinbarung",
        "Essener Delegation in Japan",
        "Zusatzvereinbarung Bildung und Talentförderung",
        "Unterzeichnung der Zusatzvereinbarung",
        "Abgesagter Termin",
    ]  # not the MoU (ca. 2017), the 2022 and 2024 records, nor the undated event


def test_who_met_whom(manager_client, story):
    report = _report(manager_client)
    pairs = {
        (e.date.iso(), frozenset((e.person, e.met)), e.event) for e in report.person_encounters
    }
    assert pairs == {
        ("2018-11", frozenset(("Toshikazu Kanno", "Andre Boschem")), "Workshops Medizintechnik"),
        (
            "2018-11-16",
            frozenset(("Thomas Kufen", "Toshikazu Kanno")),
            "Unterzeichnung der IUC-Projektvereinbarung",
        ),
        (
            "2019-09-02",
            frozenset(("Thomas Kufen", "Masato Shinagawa")),
            "Unterzeichnung der Zusatzvereinbarung",
        ),
    }
    assert len(report.person_encounters) == 3  # each pair once, not in both directions
    organisations = {frozenset((e.person, e.met)) for e in report.organisation_encounters}
    assert frozenset(("Stadt Essen", "Stadt Koriyama")) in organisations


def test_dates_narrow_the_encounters(manager_client, story):
    report = _report(manager_client, "?date_from=2018-11-16&date_to=2018-11-16")
    assert [e.event for e in report.person_encounters] == [
        "Unterzeichnung der IUC-Projektvereinbarung"
    ]
    assert {item.title for item in report.items} == {
        "IUC-Projektvereinbarung Essen–Koriyama",
        "Unterzeichnung der IUC-Projektvereinbarung",
    }


def test_grouped_by_partner_and_topic(manager_client, story):
    report = _report(manager_client)
    by_partner = {g.label: g for g in report.by_partner}
    koriyama = by_partner["Stadt Koriyama"]
    assert (koriyama.count_delegations, koriyama.count_events, koriyama.count_agreements) == (
        1,
        3,
        2,
    )
    assert "Abgesagter Termin" not in {i.title for g in report.by_partner for i in g.items}
    by_topic = {g.label: {i.title for i in g.items} for g in report.by_topic}
    assert by_topic == {
        "Bildung": {
            "Essener Delegation in Japan",
            "Zusatzvereinbarung Bildung und Talentförderung",
            "Unterzeichnung der Zusatzvereinbarung",
        },
        "Gesundheit": {"Japanische Delegation in Essen", "Workshops Medizintechnik"},
        "Erneuerbare Energien": {"Japanische Delegation in Essen", "Essener Delegation in Japan"},
    }


@pytest.mark.parametrize(
    "query",
    [
        "?date_from=2019-12-31&date_to=2018-01-01",
        "?date_from=gestern&date_to=2018-01-01",
        "?date_from=2018-02-30&date_to=2019-01-01",
        "?date_from=0001-01-01&date_to=2019-01-01",
        "?date_from=%00&date_to=",
    ],
)
def test_bad_dates_give_a_message_and_this_year(manager_client, story, query):
    response = manager_client.get(URL + query)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    assert response.context["report"].date_from.month == 1


def test_csv_tables(manager_client, story):
    def rows(table):
        response = manager_client.get(URL + Q_2018_2019 + f"&format=csv&table={table}")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))

    timeline = rows("timeline")
    assert len(timeline) == 1 + 8
    people = rows("people")
    assert people[0][:4] == ["Datum (ISO)", "Datum", "Person", "traf"]
    assert len(people) == 1 + 3
    assert len(rows("topics")) == 1 + 7
    response = manager_client.get(URL + Q_2018_2019 + "&format=csv&table=nonsense")
    assert response.status_code == 400


def test_xlsx_has_every_table(manager_client, story):
    response = manager_client.get(URL + Q_2018_2019 + "&format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Zeitachse",
        "Beteiligte",
        "Begegnungen Personen",
        "Begegnungen Organisationen",
        "Nach Partner",
        "Nach Thema",
        "Quellen",
    ]
    partners = list(workbook["Nach Partner"].values)
    assert {row[0] for row in partners[1:]} == {
        "Stadt Essen",
        "Stadt Koriyama",
        "EWG – Essener Wirtschaftsförderungsgesellschaft mbH",
        "Präfektur Fukushima",
    }
    assert len(list(workbook["Begegnungen Personen"].values)) == 1 + 3


def test_page_shows_sections(manager_client, story):
    html = manager_client.get(URL + Q_2018_2019).content.decode()
    for heading in ("Wer traf wen", "Nach Partner", "Nach Thema", "Chronik", "Quellen"):
        assert heading in html


def test_screen_is_capped_downloads_are_complete(manager_client, story, monkeypatch):
    from reports import period_report

    monkeypatch.setattr(period_report, "DISPLAY_LIMIT", 2)
    monkeypatch.setattr(period_report, "ENCOUNTER_DISPLAY_LIMIT", 1)
    response = manager_client.get(URL + Q_2018_2019)
    report = response.context["report"]
    assert report.truncated and report.encounters_truncated
    assert len(report.person_encounters) == 1
    assert report.count_events == 2
    assert "gekürzt" in response.content.decode()
    workbook = load_workbook(
        io.BytesIO(manager_client.get(URL + Q_2018_2019 + "&format=xlsx").content)
    )
    assert workbook["Zeitachse"].max_row == 1 + 8
    assert workbook["Begegnungen Personen"].max_row == 1 + 3
