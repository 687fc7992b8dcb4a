"""In Chromium, as an editor: the admin's duplicate warning, a merge, and a follow-up created
from a record's page and completed."""

import datetime as dt

import pytest

from followups.models import FollowUp
from people.models import Person
from tests.browser.conftest import browser, log_in, page, role_groups  # noqa: F401
from tests.conftest import PASSWORD
from tests.factories import make_event, make_participation, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_asks_before_creating_a_likely_duplicate(page, live_server, editor):  # noqa: F811
    existing = make_person(honorific="Dr.", given_name="Thomas", family_name="Kufen")
    log_in(page, live_server, "editor", PASSWORD)
    page.goto(f"{live_server.url}/admin/people/person/add/")
    page.fill("#id_given_name", "Thomas")
    page.fill("#id_family_name", "Kufen")
    page.select_option("#id_legal_basis", index=1)
    page.click("input[name=_save]")
    warning = page.locator(".errornote, .errorlist.nonfield").first
    warning.wait_for()
    text = page.locator("#content-main").inner_text()
    assert "Diesen Eintrag gibt es wahrscheinlich schon" in text
    assert f"Nr. {existing.pk}" in text and "gleicher Name" in text
    assert Person.objects.count() == 1
    page.check("#id_confirm_new")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/people/person/")
    assert Person.objects.count() == 2


def test_an_editor_merges_a_pair_from_the_duplicates_page(page, live_server, editor):  # noqa: F811
    first = make_person(honorific="Dr.", given_name="Thomas", family_name="Kufen")
    second = make_person(given_name="Thomas", family_name="Kufen", email="ob@essen.example")
    event = make_event(title="Empfang im Rathaus")
    make_participation(event, person=second)
    log_in(page, live_server, "editor", PASSWORD)
    page.click("nav.main-nav >> text=Dubletten")
    page.wait_for_url("**/verzeichnis/dubletten/")
    page.click("table.duplicates a.button")
    page.wait_for_url("**/verzeichnis/zusammenfuehren/person/**")
    assert page.url.endswith(f"/person/{first.pk}/{second.pk}/"), page.url
    # The survivor has no e-mail address: the other record's is preselected.
    assert page.locator("input[name=email][value=second]").is_checked()
    page.click("form.merge-form button[type=submit]")
    page.wait_for_url(f"**{first.get_absolute_url()}")
    assert "ist jetzt Teil von" in page.locator("body").inner_text()
    assert "Empfang im Rathaus" in page.locator("body").inner_text()
    survivor = Person.objects.get()
    assert survivor.pk == first.pk and survivor.email == "ob@essen.example"
    assert page.console_errors == []


def test_a_follow_up_from_a_record_page_shows_on_the_start_page_until_done(
    page,  # noqa: F811
    live_server,
    editor,
):
    person = make_person(given_name="Masato", family_name="Shinagawa")
    log_in(page, live_server, "editor", PASSWORD)
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    page.click("text=Wiedervorlage anlegen")
    page.wait_for_url("**/admin/followups/followup/add/?*")
    page.fill("#id_subject", "Gegenbesuch abstimmen")
    page.fill("#id_due_on", (dt.date.today() - dt.timedelta(days=1)).strftime("%d.%m.%Y"))
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/followups/followup/")
    followup = FollowUp.objects.get()
    assert list(followup.people.all()) == [person] and followup.owner == editor

    page.goto(f"{live_server.url}/")
    mine = page.locator(".followup-list")
    assert "Gegenbesuch abstimmen" in mine.inner_text()
    assert "überfällig" in mine.inner_text()
    mine.locator("text=Gegenbesuch abstimmen").click()
    page.wait_for_url(f"**/admin/followups/followup/{followup.pk}/change/")
    page.select_option("#id_status", "done")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/followups/followup/")
    page.goto(f"{live_server.url}/")
    assert "Keine offenen Wiedervorlagen" in page.locator("body").inner_text()
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.DONE
