"""An editor adds a note in the admin (Chromium) from a person's page and sees it in the
person's timeline."""

import pytest

from contacts.models import ContactNote
from tests.browser.conftest import browser, log_in, page, role_groups  # noqa: F401
from tests.conftest import PASSWORD
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_adds_a_note_and_sees_it_in_the_timeline(page, live_server, editor):  # noqa: F811
    person = make_person(given_name="Katsuyoshi", family_name="Shinahara")
    log_in(page, live_server, "editor", PASSWORD)
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    page.click("#zeitleiste >> text=Notiz hinzufügen")
    page.wait_for_url("**/admin/contacts/contactnote/add/?person=*")
    # The partner's side is prefilled with the person; we fill in the rest.
    assert "Shinahara" in page.locator("#participants-group").inner_text()
    page.fill("#id_date", "05.03.2024")
    page.select_option("#id_kind", "visit")
    page.fill("#id_subject", "Besuch im Rathaus")
    page.fill("#id_text", "Austausch zur Medizintechnik vereinbart.")
    page.fill("#id_participants-0-role_title", "Bürgermeister")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/contacts/contactnote/")
    note = ContactNote.objects.get()
    assert note.participants.get().person == person
    assert note.created_by == editor
    # Only the site's own page is held to no console errors: the admin's select2 widgets may
    # set inline styles, which the CSP refuses (harmless, and not this feature's to fix).
    page.console_errors.clear()
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    timeline = page.locator("#zeitleiste").inner_text()
    assert "Besuch im Rathaus" in timeline
    assert "Gesprächsnotiz" in timeline
    assert page.console_errors == []
