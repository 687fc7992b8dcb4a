"""Log in, filter a list, open a detail page and see the encounter graph drawn."""

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.pages.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    return build_world(size=3)


@pytest.fixture
def logged_in(page, live_server, manager, world):
    log_in(page, live_server, "manager", PASSWORD)
    return page


def test_filter_agreements_and_open_one(logged_in, live_server):
    page = logged_in
    page.click("nav.main-nav >> text=Vereinbarungen")
    page.wait_for_url("**/vereinbarungen/")
    assert page.locator("table.list tbody tr").count() == 5  # 2 with Kōriyama + 3 others
    page.select_option("#id_country", "JP")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/vereinbarungen/?*country=JP*")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 2
    assert page.locator(".result-count").get_attribute("data-count") == "2"
    page.click("text=Memorandum of Understanding Essen–Kōriyama")
    page.wait_for_url("**/vereinbarungen/*/")
    assert page.locator("h1").inner_text() == "Memorandum of Understanding Essen–Kōriyama"
    signatories = page.locator("#unterzeichnende").inner_text()
    assert "Thomas Kufen" in signatories and "Oberbürgermeister" in signatories
    assert page.locator("#quellen a[href='https://x.de/a']").count() == 1
    assert page.console_errors == []


def test_search_box_finds_a_person_without_accents(logged_in):
    page = logged_in
    page.fill("form.site-search input[name=q]", "muller")
    page.press("form.site-search input[name=q]", "Enter")
    page.wait_for_url("**/suche/?q=muller")
    page.click("text=Prof. Dr. Jörg Müller")
    assert page.locator("h1").inner_text() == "Prof. Dr. Jörg Müller"
    assert "Universitätsklinikum Essen" in page.locator("#funktionen").inner_text()


def test_graph_is_drawn(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/begegnungen/netz/?kind=organisation")
    graph = page.locator("#encounter-graph[data-state=drawn]")
    graph.wait_for()
    assert int(graph.get_attribute("data-nodes")) >= 3
    assert int(graph.get_attribute("data-edges")) >= 2
    canvas = page.locator("#encounter-graph canvas")
    assert canvas.count() >= 1
    box = canvas.first.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    assert "Knoten" in page.locator("#graph-status").inner_text()
    # Served by the app under the strict CSP: no blocked script or style, no JS error.
    assert page.console_errors == []


def test_list_fits_a_phone(browser, live_server, manager, world):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, "manager", PASSWORD)
    page.goto(f"{live_server.url}/veranstaltungen/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    assert page.locator("table.list tbody tr").first.is_visible()
    context.close()
