"""The report pages in a real headless Chromium: no CSP refusals, charts drawn, A4 print."""

import pytest
from django.urls import reverse

from tests.browser.conftest import browser, log_in, page, role_groups  # noqa: F401 (fixtures)
from tests.conftest import PASSWORD
from tests.reports.data import build_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in(page, live_server, manager):  # noqa: F811 (the imported fixture)
    log_in(page, live_server, "manager", PASSWORD)
    return page


def test_dashboard_period_selector_and_links(logged_in, live_server):
    build_story()
    tab = logged_in
    tab.click("nav.main-nav >> text=Berichte")
    tab.wait_for_url("**/berichte/")
    tab.select_option("#id_period", "custom")
    tab.fill("#id_year_from", "2018")
    tab.fill("#id_year_to", "2019")
    tab.click("form.r-period-form button[type=submit]")
    tab.wait_for_url("**/berichte/?*year_from=2018*")
    assert tab.locator("h1").inner_text() == "Übersicht 2018–2019"
    assert tab.locator("svg.chart").count() == 4
    box = tab.locator("svg.chart").first.bounding_box()
    assert box["width"] > 200 and box["height"] > 100  # drawn, not collapsed
    assert tab.locator("[data-figure=delegations_in] .r-figure-value").inner_text() == "1"
    tab.click("[data-figure=delegations_in] a")
    tab.wait_for_url("**/delegationen/?*direction=incoming*")
    assert "Japanische Delegation in Essen" in tab.content()
    assert tab.console_errors == []


def test_partner_report_prints_on_a4_without_navigation(logged_in, live_server, tmp_path):
    story = build_story()
    tab = logged_in
    url = reverse("reports:partner_report") + f"?organisation={story.koriyama.pk}"
    tab.goto(live_server.url + url)
    assert tab.locator(".r-timeline > li").count() == 8
    tab.emulate_media(media="print")
    assert not tab.locator("header.site-header").is_visible()
    assert not tab.locator(".r-report-actions").is_visible()
    pdf = tmp_path / "bericht.pdf"
    tab.pdf(path=str(pdf), format="A4")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595" in data  # A4 width in points
    assert tab.console_errors == []


def test_period_report_and_calendar_page(logged_in, live_server):
    build_story()
    tab = logged_in
    tab.goto(live_server.url + reverse("reports:period_report"))
    tab.fill("#id_date_from", "2018-01-01")
    tab.fill("#id_date_to", "2019-12-31")
    tab.click("form.r-period-form button[type=submit]")
    tab.wait_for_url("**/zeitraum/?*date_from=2018-01-01*")
    assert "Wer traf wen" in tab.content()
    tab.goto(live_server.url + reverse("reports:calendar"))
    tab.click("text=Kalenderadresse erstellen")
    feed = tab.locator("code.r-calendar-url").inner_text()
    assert feed.startswith(live_server.url) and feed.endswith("veranstaltungen.ics")
    assert tab.console_errors == []
