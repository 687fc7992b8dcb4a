"""Follow-ups (Wiedervorlagen): created from a record's page in the admin, listed on the start
page (one's own) and the dashboard (the team's), overdue ones marked, and mailed as reminders."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp
from partnerships.models import Agreement
from tests import factories

TODAY = timezone.localdate()


def followup(owner, subject="Rückruf", days=3, **kw):
    return FollowUp.objects.create(
        subject=subject, owner=owner, due_on=TODAY + dt.timedelta(days=days), **kw
    )


def test_a_record_page_offers_a_follow_up_about_it_prefilled(editor_client, editor, db):
    person = factories.make_person(family_name="Shinagawa")
    page = editor_client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    add = f"{reverse('admin:followups_followup_add')}?people={person.pk}"
    assert f'href="{add}"' in page
    form = editor_client.get(add).context["adminform"].form
    assert form.initial["owner"] == editor.pk and form.initial["people"] == [str(person.pk)]
    response = editor_client.post(
        add,
        {"subject": "Unterlagen schicken", "due_on": TODAY.isoformat(), "owner": editor.pk,
         "status": "open", "people": [person.pk], "_save": "1"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = FollowUp.objects.get()
    assert list(created.people.all()) == [person]
    assert created.history.get().history_user == editor


def test_managers_read_follow_ups_but_get_no_link_to_create_one(manager_client, db):
    person = factories.make_person()
    page = manager_client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert reverse("admin:followups_followup_add") not in page
    assert manager_client.get(reverse("admin:followups_followup_add")).status_code == 403
    assert manager_client.get(reverse("admin:followups_followup_changelist")).status_code == 200


def test_the_start_page_lists_ones_own_open_follow_ups_overdue_marked(
    manager_client, manager, editor
):
    late = followup(manager, "Bericht an den Rat", days=-2)
    followup(manager, "Termin abstimmen", days=5)
    followup(manager, "Erledigt", status=FollowUp.Status.DONE)
    followup(editor, "Fremde Aufgabe")
    page = manager_client.get(reverse("home"))
    assert [f.subject for f in page.context["my_followups"]] == [late.subject, "Termin abstimmen"]
    html = page.content.decode()
    assert '<li class="overdue">' in html and "überfällig" in html
    assert "Fremde Aufgabe" not in html and "Erledigt" not in html


def test_the_dashboard_lists_the_teams_open_follow_ups_and_events_to_review(
    manager_client, manager, editor
):
    followup(editor, "Arbeitskreise erneut einladen", days=-30)
    followup(manager, "Programm abstimmen", days=10)
    factories.make_event(start="2019-05-01", title="Alter Plan", status="planned")
    page = manager_client.get(reverse("reports:dashboard")).content.decode()
    assert "Arbeitskreise erneut einladen" in page and "Programm abstimmen" in page
    assert "Status prüfen" in page
    review_box = page.split("Status prüfen", 1)[1].split("r-list-box", 1)[0]
    assert "Alter Plan" in review_box
    upcoming_box = page.split("Anstehende Veranstaltungen", 1)[1].split("r-list-box", 1)[0]
    assert "Alter Plan" not in upcoming_box


@pytest.fixture
def addresses(editor, manager, outsider):
    for user, address in ((editor, "editor@example.org"), (manager, "manager@example.org"),
                          (outsider, "outsider@example.org")):  # fmt: skip
        user.email = address
        user.save()


def test_reminders_mail_each_reader_their_due_follow_ups_and_ending_agreements(
    settings, addresses, editor, manager, outsider
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    followup(editor, "Überfällige Rückmeldung", days=-1)
    followup(editor, "Bald fällig", days=6)
    followup(editor, "Später fällig", days=20)
    followup(editor, "Verworfen", days=-1, status=FollowUp.Status.DROPPED)
    followup(outsider, "Ohne Rolle", days=-1)
    agreement = factories.make_agreement(title="MoU läuft aus", status=Agreement.Status.ACTIVE)
    call_command("send_reminders", stdout=io.StringIO())
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"editor@example.org", "manager@example.org"}  # no outsider
    to_editor = by_address["editor@example.org"].body
    assert "(überfällig): Überfällige Rückmeldung" in to_editor and "Bald fällig" in to_editor
    assert "Später fällig" not in to_editor and "Verworfen" not in to_editor
    to_manager = by_address["manager@example.org"].body
    assert agreement.title in to_editor and agreement.title in to_manager
    assert "Überfällige Rückmeldung" not in to_manager


def test_no_reminder_without_anything_to_remind_of(settings, addresses, editor):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    followup(editor, "Später fällig", days=20)
    call_command("send_reminders", stdout=io.StringIO())
    assert mail.outbox == []


def test_a_dry_run_sends_nothing(settings, addresses, editor, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    followup(editor, "Heute", days=0)
    call_command("send_reminders", "--dry-run")
    assert mail.outbox == [] and "editor@example.org" in capsys.readouterr().out
