"""The spreadsheet import (django-import-export in the admin) refuses what it cannot or must not
process with 400 and a German message, and writes nothing: a confirmation without a file name,
with a format that is not one of the list, or naming a temp file the preview step did not
write for this user and this model (it could read any file in the temp folder)."""

import os
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import Organisation
from tests.articles.helpers import table_counts

CSV = "0"
ROWS = b"id,name,kind,country\n,Stadt Testhausen,city,DE\n"
PROCESS = reverse("admin:people_organisation_process_import")


def preview(client, content=ROWS, model="organisation", name="orgs.csv"):
    response = client.post(
        reverse(f"admin:people_{model}_import"),
        {"format": CSV, "resource": "0", "import_file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    form = response.context["confirm_form"]
    return {key: form.initial.get(key, "") for key in form.fields}


@pytest.fixture
def foreign_temp_file():
    """A file somebody else left in the temp folder, in a format the import would take."""
    handle, path = tempfile.mkstemp(prefix="tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(b"id,name,kind,country\n,Fremde Organisation,city,DE\n")
    yield os.path.basename(path)
    os.unlink(path)


def _refused(response, text: str):
    assert response.status_code == 400
    assert text in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"original_file_name": "a.csv", "format": CSV},
        {"import_file_name": "", "original_file_name": "a.csv", "format": CSV},
        {"import_file_name": "tmpgibtsnicht", "original_file_name": "a.csv", "format": CSV},
        {"import_file_name": "../../etc/passwd", "original_file_name": "a.csv", "format": CSV},
    ],
)
def test_confirmation_without_an_issued_file_is_refused(editor_client, data):
    before = table_counts()
    _refused(editor_client.post(PROCESS, data), "Diese Importdatei ist unbekannt")
    assert table_counts() == before


def test_any_file_in_the_temp_folder_cannot_be_imported(editor_client, foreign_temp_file):
    data = {"import_file_name": foreign_temp_file, "original_file_name": "a.csv", "format": CSV}
    _refused(editor_client.post(PROCESS, data), "Diese Importdatei ist unbekannt")
    assert not Organisation.objects.filter(name="Fremde Organisation").exists()


@pytest.mark.parametrize("bad_format", ["", "x", "-1", "2", "99", "1e3", "9" * 40, "0x0"])
def test_a_format_outside_the_list_is_refused(editor_client, bad_format):
    data = preview(editor_client) | {"format": bad_format}
    _refused(editor_client.post(PROCESS, data), "Dieses Dateiformat gibt es nicht")
    assert not Organisation.objects.exists()


def test_a_missing_original_file_name_is_refused(editor_client):
    data = preview(editor_client) | {"original_file_name": ""}
    _refused(editor_client.post(PROCESS, data), "Der Dateiname fehlt")
    assert not Organisation.objects.exists()


def test_a_file_previewed_for_another_model_or_user_is_refused(editor_client, superuser_client):
    person_file = preview(editor_client, b"id,family_name\n,Muster\n", model="person")
    data = {**person_file, "format": CSV}
    _refused(editor_client.post(PROCESS, data), "Diese Importdatei ist unbekannt")
    other_users_file = preview(superuser_client)
    _refused(editor_client.post(PROCESS, other_users_file), "Diese Importdatei ist unbekannt")
    assert not Organisation.objects.exists()


def test_a_preview_is_confirmed_once(editor_client):
    data = preview(editor_client)
    assert editor_client.post(PROCESS, data).status_code == 302
    assert Organisation.objects.filter(name="Stadt Testhausen").count() == 1
    _refused(editor_client.post(PROCESS, data), "Diese Importdatei ist unbekannt")
    assert Organisation.objects.filter(name="Stadt Testhausen").count() == 1


def test_a_temp_file_removed_after_the_preview_is_refused(editor_client):
    data = preview(editor_client)
    os.unlink(os.path.join(tempfile.gettempdir(), data["import_file_name"]))
    _refused(editor_client.post(PROCESS, data), "Die Importdatei ist abgelaufen")
    assert not Organisation.objects.exists()
