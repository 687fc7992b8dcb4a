"""A real headless Chromium (Debian's package) driven by Playwright, against live_server.

The browser is never downloaded by Playwright: ``make browser-deps`` installs
``/usr/bin/chromium``. If it is missing the tests fail; they are never skipped.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls (creating
# data) are still plain synchronous code, so Django's async-safety guard must be told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """live_server needs transactional tests, whose flush also empties the groups that a
    migration created; put them back before the named users are made."""
    from django.contrib.auth.models import Group

    from core.roles import EDITORS, MANAGERS, sync_role_permissions

    for name in (EDITORS, MANAGERS):
        Group.objects.get_or_create(name=name)
    sync_role_permissions()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # JS errors, CSP refusals and failed requests (except the favicon browsers always try).
    page.console_errors = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.console_errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            page.console_errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/konto/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
