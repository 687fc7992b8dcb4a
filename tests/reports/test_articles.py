"""Reports on the five press articles (fixtures/articles, imported with import_articles).

What the articles say: Koriyama and Essen signed an MoU in Kōriyama about a year before
November 2018 (ca. 2017); a delegation from Koriyama and Fukushima visited Essen on
15–17 November 2018, when Kufen and Kanno signed the IUC project agreement (16 November);
an Essen delegation led by Kufen went to Japan in September 2019, where Kufen and Shinagawa
signed a supplementary agreement on 2 September 2019 and a student exchange was agreed.
"""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from events.models import Event
from people.models import Organisation
from reports import queries
from reports.models import CalendarToken
from reports.periods import YearPeriod


@pytest.fixture(scope="module")
def articles(django_db_setup, django_db_blocker):
    """The five articles imported once for this module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_articles", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def koriyama(articles, db):
    return Organisation.objects.get(name="Stadt Koriyama")


def _dashboard(client, query):
    response = client.get(reverse("reports:dashboard") + query)
    assert response.status_code == 200
    return response.context["dashboard"]


def test_dashboard_2018_2019(articles, manager_client):
    dashboard = _dashboard(manager_client, "?year_from=2018&year_to=2019")
    figures = {f.key: f.value for f in dashboard.figures}
    assert figures["delegations_in"] == 1  # Koriyama/Fukushima in Essen, Nov. 2018
    assert figures["delegations_out"] == 1  # Essen in Japan, Sept. 2019
    assert figures["events_planned"] == 1  # the Asaka High School's visit "noch in diesem Jahr"
    held_2018_2019 = Event.objects.filter(
        status="held", start__gte=dt.date(2018, 1, 1), start__lt=dt.date(2020, 1, 1)
    ).count()
    assert figures["events_held"] == held_2018_2019 >= 6
    period = YearPeriod("custom", 2018, 2019)
    assert queries.delegation_figures(period).by_country == {"JP": {"incoming": 1, "outgoing": 1}}
    # IUC 2018; supplementary agreement and student exchange 2019; the MoU (ca. 2017) is older.
    assert queries.agreement_figures(period).by_year_status == {
        2018: {"active": 1},
        2019: {"active": 2},
    }
    topics = queries.topics_by_year(period)
    assert topics["Bildung und Talentförderung"][2019] >= 1
    assert 2018 in topics["Gesundheitswirtschaft"]


def test_dashboard_people_and_partners_2018_2019(articles, manager_client):
    dashboard = _dashboard(manager_client, "?year_from=2018&year_to=2019")
    figures = {f.key: f for f in dashboard.figures}
    report = manager_client.get(figures["partners"].url).context["report"]
    partners = {g.label for g in report.by_partner}
    assert {
        "Stadt Essen",
        "Stadt Koriyama",
        "EWG – Essener Wirtschaftsförderungsgesellschaft mbH",
    } <= partners
    assert "QLEE" not in partners  # 2024
    assert len(partners) == figures["partners"].value
    met = {e.person for e in report.person_encounters} | {e.met for e in report.person_encounters}
    assert {"Thomas Kufen", "Toshikazu Kanno", "Masato Shinagawa"} <= met
    assert figures["people"].value == len(met)


def test_dashboard_all_years_and_2024(articles, manager_client):
    everything = _dashboard(manager_client, "?period=all")
    figures = {f.key: f.value for f in everything.figures}
    assert figures["delegations_out"] == 2  # Essen 2019 and QLEE 2024
    assert figures["agreements"] >= 4
    assert all(not chart.empty for chart in everything.charts)
    only_2024 = {
        f.key: f.value for f in _dashboard(manager_client, "?year_from=2024&year_to=2024").figures
    }
    assert only_2024["delegations_out"] == 1 and only_2024["delegations_in"] == 0
    # Planned for late 2019, its date has passed: listed for review, not as upcoming.
    school_visit = "Besuch einer Schülergruppe der Asaka-Highschool in Essen"
    assert school_visit in [e.title for e in everything.to_review]
    assert school_visit not in [e.title for e in everything.upcoming]


def test_partner_report_koriyama(articles, manager_client, koriyama):
    response = manager_client.get(
        reverse("reports:partner_report") + f"?organisation={koriyama.pk}"
    )
    report = response.context["report"]
    by_title = {item.title: item for item in report.items}
    # Own involvements only: Koriyama's visit to Essen; Essen's 2019 trip is not Koriyama's
    # (its programme's events with Koriyama are listed on their own).
    assert report.count_delegations == 1
    assert "Öffentliche Veranstaltung der Stadt Koriyama zur Kooperation mit Essen" in by_title
    assert not any(item.title.startswith("Essener Delegation nach Japan") for item in report.items)
    assert report.count_agreements == 3
    mou = by_title["Memorandum of Understanding Essen–Kōriyama"]
    assert str(mou.date) == "ca. 2017"
    assert report.items[0].date.iso() == "2017"  # the MoU era comes first
    iuc = by_title["IUC-Projektvereinbarung Essen–Koriyama"]
    assert [a.title for a in iuc.chain] == ["Memorandum of Understanding Essen–Kōriyama", iuc.title]
    assert [i.name for i in iuc.partner_side] == ["Toshikazu Kanno"]
    assert [i.name for i in iuc.other_side] == ["Thomas Kufen"]
    supplement = by_title["Zusatzvereinbarung Essen–Koriyama zu Bildung und Talentförderung"]
    assert supplement.chain[0].title == "Memorandum of Understanding Essen–Kōriyama"
    assert supplement.date.iso() == "2019-09-02"
    assert "Masato Shinagawa" in {i.name for i in supplement.partner_side}
    visit = by_title["Delegation aus Koriyama und Fukushima in Essen (November 2018)"]
    assert visit.when == "15. Nov. 2018 – 17. Nov. 2018"
    public = by_title["Öffentliche Veranstaltung der Stadt Koriyama zur Kooperation mit Essen"]
    assert [str(i) for i in public.partner_side] == ["Stadt Koriyama"]  # host, listed once
    publishers = {s.publisher for s in report.sources}
    assert {"Stadt Essen", "Stadt Essen, Presse- und Kommunikationsamt"} <= publishers
    assert "QLEE" not in {i.name for item in report.items for i in item.involved}


def test_partner_report_japan_and_city(articles, manager_client):
    japan = manager_client.get(reverse("reports:partner_report") + "?country=JP").context["report"]
    titles = {item.title for item in japan.items}
    assert {
        "Delegationsreise QLEE nach Japan (Februar 2024)",
        "Netzwerkveranstaltung der GTAI in Tokio (Februar 2024)",
        "Memorandum of Understanding Essen–Kōriyama",
    } <= titles
    assert not any("Südostniedersachsen" in t or "Stammtisch" in t for t in titles)  # German only
    assert japan.count_delegations == 3
    city = manager_client.get(reverse("reports:partner_report") + "?city=Kōriyama").context[
        "report"
    ]
    assert {"Koriyama", "Kōriyama"} <= city.scope.city_spellings


def test_partner_report_exports_open(articles, manager_client, koriyama):
    url = reverse("reports:partner_report") + f"?organisation={koriyama.pk}"
    text = b"".join(manager_client.get(url + "&format=csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    report = manager_client.get(url).context["report"]
    assert len(rows) == 1 + len(report.items)
    workbook = load_workbook(io.BytesIO(manager_client.get(url + "&format=xlsx").content))
    assert workbook["Zeitachse"].max_row == 1 + len(report.items)


def test_period_report_2018_2019(articles, manager_client):
    response = manager_client.get(
        reverse("reports:period_report") + "?date_from=2018-01-01&date_to=2019-12-31"
    )
    report = response.context["report"]
    titles = {item.title for item in report.items}
    assert "Memorandum of Understanding Essen–Kōriyama" not in titles  # ca. 2017
    assert {
        "IUC-Projektvereinbarung Essen–Koriyama",
        "Zusatzvereinbarung Essen–Koriyama zu Bildung und Talentförderung",
        "Delegation aus Koriyama und Fukushima in Essen (November 2018)",
        "Essener Delegation nach Japan unter Leitung von OB Thomas Kufen (September 2019)",
    } <= titles
    assert (report.count_delegations, report.count_agreements) == (2, 3)
    assert not any(item.date.start and item.date.start.year == 2024 for item in report.items)
    met = {(e.date.iso(), frozenset((e.person, e.met))) for e in report.person_encounters}
    assert ("2018-11-16", frozenset(("Thomas Kufen", "Toshikazu Kanno"))) in met
    assert ("2019-09-02", frozenset(("Thomas Kufen", "Masato Shinagawa"))) in met
    topics = {g.label for g in report.by_topic}
    assert {"Bildung und Talentförderung", "Gesundheitswirtschaft", "Energie"} <= topics
    partners = {g.label: g for g in report.by_partner}
    assert partners["Stadt Koriyama"].count_agreements == 2  # IUC and supplement
    workbook = load_workbook(
        io.BytesIO(
            manager_client.get(
                reverse("reports:period_report")
                + "?date_from=2018-01-01&date_to=2019-12-31&format=xlsx"
            ).content
        )
    )
    assert workbook["Zeitachse"].max_row == 1 + len(report.items)
    assert workbook["Begegnungen Personen"].max_row == 1 + len(report.person_encounters)


def test_calendar_feed_on_articles(articles, client, manager):
    _token, secret = CalendarToken.issue(manager)
    response = client.get(reverse("reports:calendar_feed", args=[secret]))
    calendar = Calendar.from_ical(response.content)
    undated = Event.objects.filter(start__isnull=True).count()
    dated = Event.objects.filter(start__isnull=False).count()
    assert undated >= 1
    assert str(calendar["X-CRM-UNDATED-EVENTS"]) == str(undated)
    entries = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert len(entries) == dated
    summer = entries["Famulatur eines Essener Medizinstudierenden in der Neurologie in Koriyama"]
    assert (summer.decoded("DTSTART"), summer.decoded("DTEND")) == (
        dt.date(2020, 6, 1),
        dt.date(2020, 9, 1),
    )
    assert str(summer["STATUS"]) == "TENTATIVE"
    signing = entries["Unterzeichnung der IUC-Projektvereinbarung Essen–Koriyama"]
    assert signing.decoded("DTSTART") == dt.date(2018, 11, 16)
