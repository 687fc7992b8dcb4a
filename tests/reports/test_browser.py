"""The report pages in a real headless Chromium: no CSP refusals, charts drawn, A4 print.

tests/browser keeps one Playwright session open for the whole test run, and the sync API
allows one per thread; these tests therefore drive their own Chromium from a worker thread.
"""

import threading

import pytest
from django.urls import reverse

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, log_in, role_groups  # noqa: F401
from tests.conftest import PASSWORD
from tests.reports.data import build_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_chromium(live_server, steps):
    """Log in as the manager and run ``steps(page)`` in a fresh Chromium on its own thread;
    returns the console errors, re-raises what ``steps`` raised."""
    outcome = {}

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(
                    locale="de-DE", viewport={"width": 1280, "height": 900}
                )
                page = context.new_page()
                page.set_default_timeout(15_000)
                errors = []
                page.on(
                    "console",
                    lambda m: (
                        errors.append(m.text)
                        if m.type == "error" and not m.text.startswith("Failed to load resource")
                        else None
                    ),
                )
                page.on("pageerror", lambda e: errors.append(str(e)))
                log_in(page, live_server, "manager", PASSWORD)
                steps(page)
                outcome["errors"] = errors
                browser.close()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = error

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium).")
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=120)
    if worker.is_alive():
        pytest.fail("Chromium did not finish within two minutes")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["errors"]


def test_dashboard_period_selector_and_links(live_server, manager):
    build_story()

    def steps(page):
        page.click("nav.main-nav >> text=Berichte")
        page.wait_for_url("**/berichte/")
        page.select_option("#id_period", "custom")
        page.fill("#id_year_from", "2018")
        page.fill("#id_year_to", "2019")
        page.click("form.r-period-form button[type=submit]")
        page.wait_for_url("**/berichte/?*year_from=2018*")
        assert page.locator("h1").inner_text() == "Übersicht 2018–2019"
        assert page.locator("svg.chart").count() == 4
        box = page.locator("svg.chart").first.bounding_box()
        assert box["width"] > 200 and box["height"] > 100  # drawn, not collapsed
        assert page.locator("[data-figure=delegations_in] .r-figure-value").inner_text() == "1"
        page.click("[data-figure=delegations_in] a")
        page.wait_for_url("**/delegationen/?*direction=incoming*")
        assert "Japanische Delegation in Essen" in page.content()

    assert in_chromium(live_server, steps) == []


def test_partner_report_prints_on_a4_without_navigation(live_server, manager, tmp_path):
    story = build_story()
    pdf = tmp_path / "bericht.pdf"

    def steps(page):
        url = reverse("reports:partner_report") + f"?organisation={story.koriyama.pk}"
        page.goto(live_server.url + url)
        assert page.locator(".r-timeline > li").count() == 7  # Koriyama's own involvements
        page.emulate_media(media="print")
        assert not page.locator("header.site-header").is_visible()
        assert not page.locator(".r-report-actions").is_visible()
        page.pdf(path=str(pdf), format="A4")

    assert in_chromium(live_server, steps) == []
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595" in data  # A4 width in points


def test_period_report_and_calendar_page(live_server, manager):
    build_story()

    def steps(page):
        page.goto(live_server.url + reverse("reports:period_report"))
        page.fill("#id_date_from", "2018-01-01")
        page.fill("#id_date_to", "2019-12-31")
        page.click("form.r-period-form button[type=submit]")
        page.wait_for_url("**/zeitraum/?*date_from=2018-01-01*")
        assert "Wer traf wen" in page.content()
        page.goto(live_server.url + reverse("reports:calendar"))
        page.click("text=Kalenderadresse erstellen")
        feed = page.locator("code.r-calendar-url").inner_text()
        assert feed.startswith(live_server.url) and feed.endswith("veranstaltungen.ics")

    assert in_chromium(live_server, steps) == []
