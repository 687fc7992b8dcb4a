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


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """live_server needs transactional tests, whose flush also empties the groups that a
    migration created; put them back before the named users are made."""
    from django.contrib.auth.models import Group

    from core.roles import EDITORS, MANAGERS, sync_role_permissions

    for name in (EDITORS, MANAGERS):
        Group.objects.get_or_create(name=name)
    sync_role_permissions()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (other modules import this fixture too).

    Module scope, not session: two sync Playwright instances cannot share a thread, and a
    module that imports this fixture gets its own copy. While Playwright runs, its event loop
    is registered on this thread, so the tests' own ORM calls (creating data) need Django's
    async-safety guard switched off - only for these modules, never for the rest of the run
    (a leaked DJANGO_ALLOW_ASYNC_UNSAFE would also fail ``check --deploy``).
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


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
