"""The partner report: timeline, sides, agreement chains, sources; CSV and XLSX downloads."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from openpyxl import load_workbook

from partnerships.models import Agreement
from reports.partner import build_partner_report
from reports.scope import scope_from
from reports.timeline import attach_chains
from tests.factories import make_agreement, make_event, make_organisation
from tests.reports.data import build_story

URL = reverse("reports:partner_report")


@pytest.fixture
def story(db):
    return build_story()


def _report(client, query):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.context["report"]


def test_organisation_report_timeline(manager_client, story):
    report = _report(manager_client, f"?organisation={story.koriyama.pk}")
    assert [item.title for item in report.items] == [
        "Memorandum of Understanding Essen–Koriyama",  # ca. 2017
        "Workshops Medizintechnik",  # Nov. 2018 (month) sorts before the 15th
        "Japanische Delegation in Essen",
        "IUC-Projektvereinbarung Essen–Koriyama",
        "Unterzeichnung der IUC-Projektvereinbarung",
        "Zusatzvereinbarung Bildung und Talentförderung",
        "Unterzeichnung der Zusatzvereinbarung",
    ]
    assert (report.count_delegations, report.count_events, report.count_agreements) == (1, 3, 3)
    titles = {item.title for item in report.items}
    assert "GTAI-Netzwerkveranstaltung Tokio" not in titles
    # Koriyama hosted an event of Essen's trip, but was not on the trip itself: own
    # involvements only, the event is listed, the delegation is not.
    assert "Essener Delegation in Japan" not in titles


def test_sides_and_roles(manager_client, story):
    report = _report(manager_client, f"?organisation={story.koriyama.pk}")
    by_title = {item.title: item for item in report.items}
    signing = by_title["Unterzeichnung der IUC-Projektvereinbarung"]
    assert [str(i) for i in signing.partner_side] == [
        "Toshikazu Kanno (Vizebürgermeister, Stadt Koriyama)"
    ]
    assert [str(i) for i in signing.other_side] == [
        "Stadt Essen",
        "Thomas Kufen (Oberbürgermeister, Stadt Essen)",
    ]
    visit = by_title["Japanische Delegation in Essen"]
    # A delegation's sides: the travellers (origin, leader, members) against its organisers.
    assert [i.name for i in visit.partner_side] == [
        "Stadt Koriyama",
        "Toshikazu Kanno",
        "Präfektur Fukushima",
    ]
    assert [i.name for i in visit.other_side] == [
        "EWG – Essener Wirtschaftsförderungsgesellschaft mbH"
    ]
    assert visit.when == "15. Nov. 2018 – 17. Nov. 2018"


def test_agreement_chain_and_status(manager_client, story):
    report = _report(manager_client, f"?organisation={story.koriyama.pk}")
    supplement = next(i for i in report.items if i.obj == story.supplement)
    assert [a.title for a in supplement.chain] == [
        "Memorandum of Understanding Essen–Koriyama",
        "IUC-Projektvereinbarung Essen–Koriyama",
        "Zusatzvereinbarung Bildung und Talentförderung",
    ]
    assert supplement.status_label == "aktiv"
    mou = next(i for i in report.items if i.obj == story.mou)
    assert [a.title for a in mou.supplemented_by] == ["IUC-Projektvereinbarung Essen–Koriyama"]
    html = manager_client.get(URL + f"?organisation={story.koriyama.pk}").content.decode()
    assert "Vereinbarungskette" in html


def test_sources_are_numbered_once(manager_client, story):
    report = _report(manager_client, f"?organisation={story.koriyama.pk}")
    assert [s.title for s in report.sources] == [
        "Japanische Delegation besucht Essen",
        "Essener Delegation in Japan",
    ]
    visit = next(i for i in report.items if i.obj == story.visit_2018)
    assert visit.source_numbers == [1]
    html = manager_client.get(URL + f"?organisation={story.koriyama.pk}").content.decode()
    assert 'id="source-1"' in html and "https://www.essen.de/2018" in html


def test_city_report_finds_every_spelling(manager_client, story):
    report = _report(manager_client, "?city=koriyama")
    assert report.scope.city_spellings == {"Koriyama", "Kōriyama"}
    titles = {item.title for item in report.items}
    assert "Unterzeichnung der Zusatzvereinbarung" in titles  # event city "Kōriyama"
    assert "Essener Delegation in Japan" in titles  # destination "Kōriyama"
    assert "Memorandum of Understanding Essen–Koriyama" in titles


def test_country_report(manager_client, story):
    report = _report(manager_client, "?country=jp")
    titles = {item.title for item in report.items}
    assert {"GTAI-Netzwerkveranstaltung Tokio", "Delegationsreise nach Japan"} <= titles
    assert "Konstituierende Sitzung Steuerkreis" not in titles
    network = next(i for i in report.items if i.title == "GTAI-Netzwerkveranstaltung Tokio")
    assert [i.name for i in network.other_side] == ["Germany Trade & Invest"]  # a German host


def test_sub_organisations_are_listed_not_included(db):
    parent = make_organisation(name="Fraunhofer")
    child = make_organisation(name="Fraunhofer IWS", parent=parent)
    grandchild = make_organisation(name="Oberflächenzentrum", parent=child)
    make_organisation(name="Andere")
    workshop = make_event(title="Workshop am IWS", hosts=[grandchild])
    scope = scope_from({"organisation": str(parent.pk)})
    assert scope.children == [child]
    assert list(scope.organisations()) == [parent]
    assert scope.includes(parent)
    assert not scope.includes(child) and not scope.includes(grandchild)
    assert build_partner_report(scope).items == []  # the grandchild's workshop is its own
    own = build_partner_report(scope_from({"organisation": str(grandchild.pk)}))
    assert [item.obj for item in own.items] == [workshop]


def test_search_picks_or_lists_organisations(manager_client, story):
    response = manager_client.get(URL + "?q=kōriyama")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?organisation={story.koriyama.pk}")
    response = manager_client.get(URL + "?q=stadt")
    assert [o.name for o in response.context["matches"]] == ["Stadt Essen", "Stadt Koriyama"]


@pytest.mark.parametrize(
    "query",
    [
        "?organisation=abc",
        "?organisation=999999",
        "?city=Atlantis",
        "?country=XX",
        "?country=%00",
        "?city=" + "x" * 500,
        "?q=nichts-passt",
    ],
)
def test_bad_input_gives_a_message(manager_client, story, query):
    response = manager_client.get(URL + query)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    assert "report" not in response.context


def test_unknown_format_shows_the_page_with_a_message(manager_client, story):
    response = manager_client.get(URL + f"?organisation={story.koriyama.pk}&format=pdf")
    assert response.status_code == 200
    assert "report" in response.context
    assert [str(m) for m in response.context["messages"]]


def test_csv_download(manager_client, story):
    response = manager_client.get(URL + f"?organisation={story.koriyama.pk}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f"partnerbericht-organisation-{story.koriyama.pk}.csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Datum (ISO)", "Datum", "Eintrag", "Titel"]
    assert len(rows) == 1 + 7
    iuc = next(r for r in rows if r[3] == "IUC-Projektvereinbarung Essen–Koriyama")
    assert iuc[0] == "2018-11-16"
    assert "Toshikazu Kanno" in iuc[7] and "Thomas Kufen" in iuc[8]
    assert "Memorandum of Understanding" in iuc[10]


def test_xlsx_download(manager_client, story):
    story.koriyama.name = '=HYPERLINK("http://evil")'  # must not become a formula
    story.koriyama.save()
    response = manager_client.get(URL + f"?organisation={story.koriyama.pk}&format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Zeitachse", "Beteiligte", "Quellen"]
    timeline = list(workbook["Zeitachse"].values)
    assert len(timeline) == 1 + 7
    people = list(workbook["Beteiligte"].values)
    # the date as a date cell, then as written ("16. Nov. 2018"), then entry, title, side, name
    assert "Toshikazu Kanno" in {row[5] for row in people}
    assert any(str(row[5]).startswith("'=HYPERLINK") for row in people)
    assert all(isinstance(row[0], dt.datetime) for row in people[1:] if row[0] is not None)
    sources = list(workbook["Quellen"].values)
    assert [row[2] for row in sources[1:]] == [
        "Japanische Delegation besucht Essen",
        "Essener Delegation in Japan",
    ]


def test_long_chains_are_loaded_without_a_query_per_agreement(db, django_assert_num_queries):
    chain = [make_agreement(title="A0")]
    for i in range(1, 9):
        chain.append(make_agreement(title=f"A{i}", supplements=chain[-1]))
    agreements = list(
        Agreement.objects.filter(pk=chain[-1].pk).select_related("__".join(["supplements"] * 6))
    )
    with django_assert_num_queries(2):  # the two levels beyond the joined six
        attach_chains(agreements)
    with django_assert_num_queries(0):
        assert [a.title for a in agreements[0].chain()] == [f"A{i}" for i in range(9)]


def test_print_stylesheet_hides_navigation(manager_client, story):
    html = manager_client.get(URL + f"?organisation={story.koriyama.pk}").content.decode()
    assert "reports/reports.css" in html
    css = Path(finders.find("reports/reports.css")).read_text(encoding="utf-8")
    assert "@page { size: A4" in css
    assert ".site-header" in css.split("@media print")[1]


def test_screen_is_capped_downloads_are_complete(manager_client, story, monkeypatch):
    from reports import partner

    monkeypatch.setattr(partner, "DISPLAY_LIMIT", 1)
    url = URL + f"?organisation={story.koriyama.pk}"
    response = manager_client.get(url)
    report = response.context["report"]
    assert report.truncated
    assert (report.count_delegations, report.count_events, report.count_agreements) == (1, 1, 1)
    assert report.items[0].title == "Memorandum of Understanding Essen–Koriyama"  # earliest kept
    assert "gekürzt" in response.content.decode()
    text = b"".join(manager_client.get(url + "&format=csv").streaming_content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1 + 7
