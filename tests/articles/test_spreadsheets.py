"""CSV/XLSX import and export of organisations and people in the admin (django-import-export)."""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from people.models import Organisation, Person
from tests.articles.helpers import table_counts
from tests.factories import make_organisation, make_person, make_topic

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # positions in people.admin.SPREADSHEET_FORMATS
DANGEROUS = ['=HYPERLINK("http://evil","x")', "+49 201 88-0", "-1+1", "@SUM(A1)"]


def export(client, model: str, file_format: str, resource: str):
    from people.resources import OrganisationResource, PersonResource

    resource_class = {"organisation": OrganisationResource, "person": PersonResource}[model]
    data = {"format": file_format, "resource": "0"}
    for field in resource_class().get_export_order():
        data[f"{resource}_{field}"] = "on"
    return client.post(reverse(f"admin:people_{model}_export"), data)


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_formula_escaping_is_switched_on():
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True


def test_csv_export_escapes_every_formula_prefix(editor_client):
    for name in DANGEROUS:
        make_organisation(name=name, city=name)
    response = export(editor_client, "organisation", CSV_FORMAT, "organisationresource")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert sorted(row["name"] for row in rows) == sorted("'" + name for name in DANGEROUS)
    assert all(row["city"][:1] not in "=+-@" for row in rows)


def test_xlsx_export_escapes_formulas(editor_client):
    make_person(given_name="=1+1", family_name="@Evil", phone="+49 201 88-0")
    response = export(editor_client, "person", XLSX_FORMAT, "personresource")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    values = dict(zip(header, row, strict=True))
    assert values["given_name"] == "'=1+1"
    assert values["family_name"] == "'@Evil"
    assert values["phone"] == "'+49 201 88-0"
    assert sheet.cell(row=2, column=header.index("given_name") + 1).data_type != "f"


def test_export_leaves_out_erased_people(editor_client):
    make_person(family_name="Sichtbar")
    erased = make_person(family_name="Gelöscht")
    Person.objects.filter(pk=erased.pk).update(erased_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    rows = csv_rows(export(editor_client, "person", CSV_FORMAT, "personresource"))
    assert [row["family_name"] for row in rows] == ["Sichtbar"]


def test_manager_may_export_but_not_import(manager_client):
    make_organisation(name="Stadt Essen")
    changelist = manager_client.get(reverse("admin:people_organisation_changelist"))
    assert reverse("admin:people_organisation_import") not in changelist.content.decode()
    assert manager_client.get(reverse("admin:people_organisation_import")).status_code == 403
    upload = SimpleUploadedFile("o.csv", b"id,name\n,Neue Firma\n")
    before = table_counts()
    response = manager_client.post(
        reverse("admin:people_organisation_import"),
        {"format": CSV_FORMAT, "resource": "0", "import_file": upload},
    )
    assert response.status_code == 403
    assert manager_client.post(reverse("admin:people_person_process_import"), {}).status_code == 403
    assert table_counts() == before
    exported = export(manager_client, "organisation", CSV_FORMAT, "organisationresource")
    assert exported.status_code == 200


def preview(client, model: str, name: str, content: bytes, file_format: str = CSV_FORMAT):
    upload = SimpleUploadedFile(name, content)
    return client.post(
        reverse(f"admin:people_{model}_import"),
        {"format": file_format, "resource": "0", "import_file": upload},
    )


def confirm(client, model: str, preview_response):
    form = preview_response.context["confirm_form"]
    data = {key: form.initial.get(key, "") for key in form.fields}
    return client.post(reverse(f"admin:people_{model}_process_import"), data)


def test_editor_imports_organisations_from_csv_with_preview(editor_client, editor):
    topic = make_topic(name="Energie", slug="energie")
    parent = make_organisation(name="Fraunhofer-Gesellschaft")
    content = (
        b"id,name,short_name,kind,parent,country,city,sectors\n"
        b",Fraunhofer IWS,IWS,research,Fraunhofer-Gesellschaft,DE,Dresden,Energie\n"
    )
    before = table_counts()
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.status_code == 200
    assert "Fraunhofer IWS" in response.content.decode()
    assert table_counts() == before  # the preview is a dry run

    done = confirm(editor_client, "organisation", response)
    assert done.status_code == 302
    iws = Organisation.objects.get(name="Fraunhofer IWS")
    assert (iws.parent, iws.kind, iws.country.code) == (parent, "research", "DE")
    assert list(iws.sectors.all()) == [topic]
    assert iws.search_text.splitlines() == ["fraunhofer iws", "iws"]
    history = iws.history.get()
    assert (history.history_user, history.history_change_reason) == (editor, "Tabellenimport")


def test_editor_imports_people_from_xlsx(editor_client):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "honorific", "given_name", "family_name", "email", "legal_basis"])
    book.active.append([None, "Dr.", "Teja", "Roch", "teja.roch@example.org", "public"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = preview(editor_client, "person", "p.xlsx", buffer.getvalue(), XLSX_FORMAT)
    assert response.status_code == 200
    confirm(editor_client, "person", response)
    assert Person.objects.get(family_name="Roch").email == "teja.roch@example.org"


def test_invalid_rows_are_reported_and_nothing_is_imported(editor_client):
    content = (
        b"id,name,kind,country\n,Gute Firma,company,DE\n,,company,DE\n,Dritte Firma,keine-art,XX\n"
    )
    before = table_counts()
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    text = response.content.decode()
    assert "keine-art" in text
    assert table_counts() == before


def test_exported_file_imports_back_unchanged(editor_client):
    make_organisation(name="=Formel GmbH", city="Essen")
    exported = export(editor_client, "organisation", CSV_FORMAT, "organisationresource")
    content = b"".join(exported.streaming_content if exported.streaming else [exported.content])
    response = preview(editor_client, "organisation", "o.csv", content)
    confirm(editor_client, "organisation", response)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["=Formel GmbH"]


@pytest.mark.parametrize("model", ["organisation", "person"])
def test_import_pages_render_for_editors(editor_client, model):
    assert editor_client.get(reverse(f"admin:people_{model}_import")).status_code == 200
