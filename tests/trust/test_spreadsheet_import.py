"""The spreadsheet import (django-import-export in the admin) refuses what it cannot or must not
process with 400 and a German message, and writes nothing: a confirmation without a file name,
with a format that is not one of the list, or naming a temp file the preview step did not
write for this user and this model (it could read any file in the temp folder)."""

import io
import os
import tempfile
import zipfile

import pytest
from django.conf import settings
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


# --- limits on what the preview parses -----------------------------------------------------

IMPORT = reverse("admin:people_organisation_import")
XLSX = "1"


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _upload(client, content: bytes, file_format=CSV, name="orgs.csv"):
    return client.post(
        IMPORT,
        {"format": file_format, "resource": "0", "import_file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def nothing_stored(monkeypatch):
    """A refused file is not written to the temp folder, and nothing reaches the database."""
    from people.admin import OrganisationAdmin

    def no_temp_file(*args, **kwargs):
        raise AssertionError("a refused file was written to the temp folder")

    monkeypatch.setattr(OrganisationAdmin, "write_to_tmp_storage", no_temp_file)
    before = table_counts()
    yield
    assert table_counts() == before


def _form_error(response) -> str:
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    errors = response.context["form"].errors.get("import_file", [])
    assert errors, response.context["form"].errors
    text = " ".join(errors)
    assert text in response.content.decode()
    return text


def _rows(count: int) -> bytes:
    lines = [b"id,name,kind,country"] + [b",Stadt %d,city,DE" % n for n in range(count)]
    return b"\n".join(lines) + b"\n"


def test_limits_are_set():
    assert settings.SPREADSHEET_MAX_BYTES == 5 * 1024 * 1024
    assert settings.SPREADSHEET_MAX_UNPACKED_BYTES == 50 * 1024 * 1024
    assert settings.SPREADSHEET_MAX_ROWS == 5_000
    assert settings.SPREADSHEET_MAX_CELL_CHARS == 10_000


def test_a_file_over_the_size_limit_is_refused(editor_client, nothing_stored, settings):
    settings.SPREADSHEET_MAX_BYTES = 100
    text = _form_error(_upload(editor_client, _rows(10)))
    assert "erlaubt sind höchstens 100" in text


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_too_many_rows_are_refused(editor_client, nothing_stored, settings, file_format):
    settings.SPREADSHEET_MAX_ROWS = 3
    if file_format == CSV:
        content, name = _rows(4), "orgs.csv"
    else:
        content = _xlsx([["id", "name", "kind", "country"]] + [[None, f"S{n}", "city", "DE"]
                                                               for n in range(4)])  # fmt: skip
        name = "orgs.xlsx"
    text = _form_error(_upload(editor_client, content, file_format, name))
    assert "mehr als 3 Zeilen" in text


def test_rows_up_to_the_limit_are_previewed(editor_client, settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    response = _upload(editor_client, _rows(3))
    assert "confirm_form" in response.context


@pytest.mark.parametrize("length", [10_001, 200_000])  # 200,000: beyond Python's csv limit too
def test_a_csv_cell_too_long_is_refused(editor_client, nothing_stored, length):
    content = b"id,name,kind,country\n,Stadt,city,DE\n," + b"x" * length + b",city,DE\n"
    text = _form_error(_upload(editor_client, content))
    assert "länger als 10000 Zeichen" in text.replace(".", "")


def test_an_xlsx_cell_too_long_is_refused(editor_client, nothing_stored):
    content = _xlsx([["id", "name", "kind"], [None, "x" * 10_001, "city"]])
    text = _form_error(_upload(editor_client, content, XLSX, "orgs.xlsx"))
    assert "Zeile 2, Spalte 2" in text


def test_an_xlsx_that_unpacks_too_big_is_refused_before_parsing(
    editor_client, nothing_stored, monkeypatch
):
    import openpyxl
    import tablib.formats._xlsx as tablib_xlsx

    def no_parsing(*args, **kwargs):
        raise AssertionError("the XLSX was parsed before its unpacked size was checked")

    monkeypatch.setattr(openpyxl, "load_workbook", no_parsing)
    monkeypatch.setattr(tablib_xlsx, "load_workbook", no_parsing, raising=False)
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": bytes(60 << 20)})
    assert len(bomb) < 200_000  # 60 MB of zeros in a small file
    text = _form_error(_upload(editor_client, bomb, XLSX, "bombe.xlsx"))
    text = text.replace("\xa0", " ")
    assert "entpackt 60,0 MB groß" in text and "höchstens 50,0 MB" in text


def test_an_xlsx_of_too_many_parts_is_refused(editor_client, nothing_stored):
    parts = {f"xl/part{n}.xml": b"<x/>" for n in range(201)}
    text = _form_error(_upload(editor_client, _zip(parts), XLSX, "orgs.xlsx"))
    assert "201 Teilen" in text


@pytest.mark.parametrize("content", [b"PK\x03\x04 kein zip", b"PK\x03\x04" + bytes(100)])
def test_a_broken_xlsx_is_refused(editor_client, nothing_stored, content):
    text = _form_error(_upload(editor_client, content, XLSX, "orgs.xlsx"))
    assert "keine lesbare XLSX-Datei" in text
