"""Contact notes: the model, the admin (editors write, managers read, the prefilled partner),
the roles' permissions, history and the attachment's stored name."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from contacts.models import ContactNote, NoteParticipant
from core.roles import EDITORS, MANAGERS
from core.uploads import is_random_name
from tests.factories import inline_forms, make_note, make_organisation, make_person

pytestmark = pytest.mark.django_db

ADD = reverse("admin:contacts_contactnote_add")


def note_form(**fields) -> dict:
    data = {"date": "2024-03-05", "kind": "meeting", "subject": "Austausch Medizintechnik"}
    data.update(fields)
    return data


def test_a_participant_is_a_person_or_an_organisation():
    note = make_note()
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteParticipant.objects.create(note=note)


def test_str_and_kinds():
    note = make_note(subject="Rückruf", kind="call", date=dt.date(2024, 1, 9))
    assert str(note) == "09.01.2024 Telefonat: Rückruf"
    assert not note.is_meeting
    assert [str(label) for _v, label in ContactNote.Kind.choices] == [
        "Telefonat", "E-Mail", "Treffen", "Besuch",
    ]  # fmt: skip
    assert set(ContactNote.objects.meetings()) == set()


def test_roles_grant_the_notes():
    editors, managers = Group.objects.get(name=EDITORS), Group.objects.get(name=MANAGERS)
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    manager_perms = set(managers.permissions.values_list("codename", flat=True))
    for model in ("contactnote", "noteparticipant"):
        assert {f"{a}_{model}" for a in ("add", "change", "delete", "view")} <= editor_perms
        assert f"view_{model}" in manager_perms
        assert f"change_{model}" not in manager_perms


def test_editor_adds_a_note_with_participants(editor_client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person, city = make_person(family_name="Shinahara"), make_organisation(name="Kōriyama")
    data = note_form(staff=[editor.pk], text="Besprochen: Austausch 2025.")
    data["attachment"] = SimpleUploadedFile("Protokoll Treffen.pdf", b"%PDF-1.4 x")
    data.update(
        inline_forms(
            "participants",
            [
                {"person": person.pk, "organisation": city.pk, "role": "contact",
                 "role_title": "Bürgermeister"},
                {"organisation": city.pk, "role": "host"},
            ],
        )
    )  # fmt: skip
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    note = ContactNote.objects.get()
    assert note.created_by == editor
    assert list(note.staff.all()) == [editor]
    assert note.participants.count() == 2
    assert note.attachment.name.startswith("notes/") and note.attachment.name.endswith(".pdf")
    assert is_random_name(note.attachment.name)
    assert note.history.count() == 1
    assert NoteParticipant.history.filter(note_id=note.pk).count() == 2


def test_an_attachment_must_be_a_document(editor_client):
    data = note_form(attachment=SimpleUploadedFile("x.pdf", b"MZ not a pdf"))
    data.update(inline_forms("participants", []))
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert "attachment" in response.context["adminform"].form.errors
    assert not ContactNote.objects.exists()


def test_the_add_form_is_prefilled_from_the_address(editor_client, editor):
    person = make_person(family_name="Kufen")
    response = editor_client.get(f"{ADD}?person={person.pk}")
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].initial == {"person": person.pk}
    assert response.context["adminform"].form.initial["staff"] == [editor.pk]
    html = response.content.decode()
    assert "Kufen" in html  # the chosen person is shown in the row


@pytest.mark.parametrize("value", ["abc", "987654", "9" * 30, "-1", "１"])
def test_a_prefill_naming_no_record_is_ignored(editor_client, value):
    response = editor_client.get(f"{ADD}?person={value}&organisation={value}")
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.forms[0].initial == {}


def test_managers_read_but_cannot_write(manager_client):
    note = make_note(people=[make_person()])
    change = reverse("admin:contacts_contactnote_change", args=[note.pk])
    response = manager_client.get(change)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert manager_client.post(change, note_form()).status_code == 403
    assert manager_client.get(ADD).status_code == 403
    note.refresh_from_db()
    assert note.subject != "Austausch Medizintechnik"


def test_changelist_query_count_does_not_grow(editor_client, django_assert_max_num_queries):
    url = reverse("admin:contacts_contactnote_changelist")
    make_note()
    with django_assert_max_num_queries(30) as few:
        assert editor_client.get(url).status_code == 200
    for _ in range(10):
        make_note(people=[make_person()])
    with django_assert_max_num_queries(30) as many:
        editor_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
