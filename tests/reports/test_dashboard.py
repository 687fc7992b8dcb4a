"""Dashboard figures, charts and lists on a known history (tests/reports/data.py)."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from core.approxdate import ApproxDate
from events.models import Event
from partnerships.models import Agreement
from reports import queries
from reports.periods import YearPeriod
from tests.factories import make_agreement, make_event, make_participation, make_person
from tests.reports.data import build_story

P_2018_2019 = YearPeriod("custom", 2018, 2019)
ALL = YearPeriod("all", None, None)


@pytest.fixture
def story(db):
    return build_story()


def _figures(response):
    return {f.key: f for f in response.context["dashboard"].figures}


def _csv_rows(client, url):
    response = client.get(url + "&format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def test_key_figures_2018_2019(manager_client, story):
    response = manager_client.get(reverse("reports:dashboard") + "?year_from=2018&year_to=2019")
    figures = {k: f.value for k, f in _figures(response).items()}
    assert figures == {
        "partners": 4,  # Essen, EWG, Koriyama, Fukushima; not GTAI (2024)
        "agreements": 3,  # the MoU (ca. 2017) is still in force, plus IUC and supplement
        "delegations_in": 1,
        "delegations_out": 1,
        "events_held": 3,  # the cancelled one is not counted
        "events_planned": 0,
        "people": 4,  # Kufen, Kanno, Boschem, Shinagawa
    }


def test_figures_follow_the_period(manager_client, story):
    url = reverse("reports:dashboard")
    only_2024 = {
        k: f.value
        for k, f in _figures(manager_client.get(url + "?year_from=2024&year_to=2024")).items()
    }
    assert only_2024["delegations_out"] == 1
    assert only_2024["delegations_in"] == 0
    assert only_2024["events_held"] == 1
    assert only_2024["partners"] == 1  # GTAI hosted the network evening
    assert only_2024["people"] == 0
    nothing = {
        k: f.value
        for k, f in _figures(manager_client.get(url + "?year_from=2030&year_to=2031")).items()
    }
    # Agreements without a recorded end stay in force; everything else is empty.
    assert nothing.pop("agreements") == 3
    assert set(nothing.values()) == {0}


@pytest.mark.parametrize(
    "key", ["delegations_in", "delegations_out", "events_held", "events_planned"]
)
@pytest.mark.parametrize("years", ["year_from=2018&year_to=2019", "year_from=2022&year_to=2024"])
def test_figures_match_the_list_they_link_to(manager_client, story, key, years):
    response = manager_client.get(reverse("reports:dashboard") + "?" + years)
    figure = _figures(response)[key]
    assert figure.url.split("?")[0] in {
        reverse("partnerships:delegation_list"),
        reverse("events:event_list"),
    }
    assert len(_csv_rows(manager_client, figure.url)) == figure.value


def test_people_figure_matches_the_encounter_list(manager_client, story):
    url = reverse("reports:dashboard") + "?year_from=2018&year_to=2019"
    figure = _figures(manager_client.get(url))["people"]
    assert figure.url.startswith(reverse("events:encounter_list"))
    rows = _csv_rows(manager_client, figure.url)
    # Each encounter is listed in both directions, so the first column names everyone met.
    assert len({row[0] for row in rows}) == figure.value == 4


def test_partner_figure_links_to_the_period_report_listing_them(manager_client, story):
    figure = _figures(
        manager_client.get(reverse("reports:dashboard") + "?year_from=2018&year_to=2019")
    )["partners"]
    assert figure.url.startswith(reverse("reports:period_report"))
    report = manager_client.get(figure.url).context["report"]
    assert (report.date_from, report.date_to) == (dt.date(2018, 1, 1), dt.date(2019, 12, 31))
    assert {g.label for g in report.by_partner} == {
        "Stadt Essen",
        "EWG – Essener Wirtschaftsförderungsgesellschaft mbH",
        "Stadt Koriyama",
        "Präfektur Fukushima",
    }
    assert len(report.by_partner) == figure.value


def test_event_chart_data(story):
    figures = queries.event_figures(P_2018_2019)
    assert figures.by_year_kind == {2018: {"signing": 1, "workshop": 1}, 2019: {"signing": 1}}
    assert (figures.held, figures.planned) == (3, 0)
    everything = queries.event_figures(ALL)
    assert everything.planned == 1
    assert 2022 in everything.by_year_kind and None not in everything.by_year_kind


def test_delegation_chart_data(story):
    figures = queries.delegation_figures(P_2018_2019)
    assert figures.by_country == {"JP": {"incoming": 1, "outgoing": 1}}
    assert queries.delegation_figures(ALL).by_country == {"JP": {"incoming": 1, "outgoing": 2}}


def test_agreement_chart_data(story):
    figures = queries.agreement_figures(P_2018_2019)
    assert figures.by_year_status == {2018: {"active": 1}, 2019: {"active": 1}}
    assert figures.active == 3
    # Before anything was signed, nothing was in force.
    assert queries.agreement_figures(YearPeriod("custom", 2010, 2015)).active == 0
    story.iuc.valid_until_date = ApproxDate.parse("2018")
    story.iuc.save()
    assert queries.agreement_figures(YearPeriod("custom", 2019, 2019)).active == 2
    assert (
        queries.agreement_figures(YearPeriod("custom", 2018, 2018)).active == 2
    )  # supplement is 2019


def test_topics_over_time(story):
    topics = queries.topics_by_year(P_2018_2019)
    assert topics == {
        "Gesundheit": {2018: 2},
        "Erneuerbare Energien": {2018: 1, 2019: 1},
        "Bildung": {2019: 3},
    }


def test_upcoming_events_and_planned_ones_to_review(story):
    future = make_event(start="2027-03", title="Gegenbesuch", status=Event.Status.PLANNED)
    soon = make_event(start="2026-12-01", title="Stammtisch", kind="roundtable")
    make_event(start="2026-12-02", title="Abgesagt", status=Event.Status.CANCELLED)
    this_month = make_event(start="2026-11", title="Im November", status=Event.Status.PLANNED)
    overdue = make_event(start="2026-10-05", title="Liegt zurück", status=Event.Status.PLANNED)
    make_event(start="2026-10-06", title="Stattgefunden", status=Event.Status.HELD)
    undated = make_event(start=None, title="Ohne Datum", status=Event.Status.PLANNED)
    upcoming, to_review = queries.upcoming_and_to_review(dt.date(2026, 11, 20))
    # "im November" is still ahead on the 20th; a planned event whose day has passed is not
    assert upcoming == [this_month, soon, future]
    assert to_review == [story.planned_event, overdue, undated]  # oldest first, undated last


def test_expiring_agreements(story):
    today = dt.date(2026, 11, 20)
    soon = make_agreement(title="läuft bald aus", status=Agreement.Status.ACTIVE)
    soon.valid_until_date = ApproxDate.parse("2027-01")  # ends 31 Jan 2027, within 90 days
    soon.save()
    later = make_agreement(title="läuft später aus", status=Agreement.Status.ACTIVE)
    later.valid_until_date = ApproxDate.parse("2027-Q2")
    later.save()
    ended = make_agreement(title="abgelaufen, Status noch aktiv", status=Agreement.Status.ACTIVE)
    ended.valid_until_date = ApproxDate.parse("2025")
    ended.save()
    expired = make_agreement(title="ausgelaufen", status=Agreement.Status.EXPIRED)
    expired.valid_until_date = ApproxDate.parse("2026-12")
    expired.save()
    found = queries.expiring_agreements(today)
    assert found[:2] == [ended, soon]
    assert later not in found and expired not in found
    assert set(found[2:]) == {story.mou, story.iuc, story.supplement}  # no validity recorded


def test_dormant_partners(story):
    names = [o.name for o in queries.dormant_partners(dt.date(2026, 11, 20))]
    assert names == [
        "Germany Trade & Invest",
        "Stadt Essen",
        "Stadt Koriyama",
        "EWG – Essener Wirtschaftsförderungsgesellschaft mbH",
        "Präfektur Fukushima",
    ]
    assert [o.name for o in queries.dormant_partners(dt.date(2020, 6, 1))] == [
        "Präfektur Fukushima"
    ]


def test_dormant_partners_need_one_query_whatever_the_history(story, django_assert_num_queries):
    from reports.contacts import last_contacts_before

    cutoff = dt.date(2019, 12, 1)
    with django_assert_num_queries(1):  # Essen, Koriyama and EWG lapsed in the year before
        recent = last_contacts_before(cutoff, 2)
    assert [o.name for o in recent] == ["Stadt Essen", "Stadt Koriyama"]
    assert recent[0].last_contact == dt.date(2019, 9, 2)
    with django_assert_num_queries(1):  # more than lapsed in that year: still one query
        everyone = last_contacts_before(cutoff, 10)
    assert [o.name for o in everyone][:2] == ["Stadt Essen", "Stadt Koriyama"]
    assert everyone[-1].name == "Präfektur Fukushima"


def test_people_met_needs_someone_else(story):
    lonely = make_event(start="2030-05-05", title="Allein")
    make_participation(lonely, person=make_person())
    assert queries.contact_counts(YearPeriod("custom", 2030, 2030))["people"] == 0


def test_charts_are_valid_svg_with_table_alternatives(manager_client, story):
    response = manager_client.get(reverse("reports:dashboard") + "?period=all")
    charts = response.context["dashboard"].charts
    assert len(charts) == 4
    for chart in charts:
        root = ET.fromstring(str(chart.svg))
        assert root.tag.endswith("svg")
        assert root.get("role") == "img"
        assert chart.rows and chart.header
    html = response.content.decode()
    assert html.count("<svg") == 4
    assert html.count("Daten als Tabelle") == 4


def test_names_in_charts_are_escaped(manager_client, story):
    story.energy.name = '<script>alert("x")</script>'
    story.energy.save()
    html = manager_client.get(reverse("reports:dashboard") + "?period=all").content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


def test_no_inline_script_or_event_handlers(manager_client, story):
    import re

    for url in [
        reverse("reports:dashboard") + "?period=all",
        reverse("reports:partner_report") + f"?organisation={story.koriyama.pk}",
        reverse("reports:period_report") + "?date_from=2018-01-01&date_to=2019-12-31",
        reverse("reports:calendar"),
        reverse("reports:partner_report"),
    ]:
        html = manager_client.get(url).content.decode()
        assert "<script" not in html.split("</header>")[-1]
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert "style=" not in html
