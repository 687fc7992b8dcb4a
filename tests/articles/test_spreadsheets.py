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
from people.names import organisation_key
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


def content_of(response) -> bytes:
    return b"".join(response.streaming_content if response.streaming else [response.content])


def csv_rows(response) -> list[dict]:
    text = content_of(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_formula_escaping_is_switched_on():
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True


def test_csv_export_escapes_every_formula_prefix(editor_client):
    for name in DANGEROUS:
        make_organisation(name=name, city=name)
    response = export(editor_client, "organisation", CSV_FORMAT, "organisationresource")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert sorted(row["Name"] for row in rows) == sorted("'" + name for name in DANGEROUS)
    assert all(row["Ort"][:1] not in "=+-@" for row in rows)


def test_xlsx_export_escapes_formulas(editor_client):
    make_person(given_name="=1+1", family_name="@Evil", phone="+49 201 88-0")
    response = export(editor_client, "person", XLSX_FORMAT, "personresource")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    values = dict(zip(header, row, strict=True))
    assert values["Vorname"] == "'=1+1"
    assert values["Nachname"] == "'@Evil"
    assert values["Telefon"] == "'+49 201 88-0"
    assert sheet.cell(row=2, column=header.index("Vorname") + 1).data_type != "f"


def test_export_leaves_out_erased_people(editor_client):
    make_person(family_name="Sichtbar")
    erased = make_person(family_name="Gelöscht")
    Person.objects.filter(pk=erased.pk).update(erased_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    rows = csv_rows(export(editor_client, "person", CSV_FORMAT, "personresource"))
    assert [row["Nachname"] for row in rows] == ["Sichtbar"]


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
    content = content_of(exported)
    response = preview(editor_client, "organisation", "o.csv", content)
    confirm(editor_client, "organisation", response)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["=Formel GmbH"]


@pytest.mark.parametrize("model", ["organisation", "person"])
def test_import_pages_render_for_editors(editor_client, model):
    assert editor_client.get(reverse(f"admin:people_{model}_import")).status_code == 200


# --- the app's kind of file: German titles and labels, BOM and semicolons (issue 14) --------

ORGANISATION_HEADER = [
    "ID", "Name", "Kurzname", "weitere Namen", "Art", "übergeordnete Organisation", "Land",
    "Ort", "Webseite", "Branchen/Themen", "Beschreibung",
]  # fmt: skip
PERSON_HEADER = [
    "ID", "Titel", "Vorname", "Nachname", "Namensvarianten", "E-Mail", "Telefon",
    "Rechtsgrundlage", "Notizen",
]  # fmt: skip


@pytest.fixture
def directory():
    energy = make_topic(name="Erneuerbare Energien", slug="energie")
    health = make_topic(name="Gesundheit", slug="gesundheit")
    fraunhofer = make_organisation(name="Fraunhofer-Gesellschaft", kind="research")
    iws = make_organisation(
        name="Fraunhofer IWS", short_name="IWS", aliases="Fraunhofer-Institut IWS\nIWS Dresden",
        kind="research", parent=fraunhofer, city="Dresden", website="https://www.iws.fraunhofer.de",
        description="Zeile eins\nZeile zwei; mit Semikolon, und Komma",
    )  # fmt: skip
    iws.sectors.set([energy, health])
    kawagoe = make_organisation(name="Stadt Kawagoe", kind="city", country="JP", city="Kawagoe")
    make_person(
        honorific="Prof. Dr.", given_name="Jürgen", family_name="Müller",
        name_variants="J. Müller", email="mueller@example.org", legal_basis="consent",
    )  # fmt: skip
    return {"iws": iws, "kawagoe": kawagoe, "fraunhofer": fraunhofer}


def snapshot(model) -> list[dict]:
    rows = []
    for record in model.objects.order_by("pk"):
        values = {
            f.name: getattr(record, f.attname) for f in model._meta.concrete_fields if f.editable
        }
        if model is Organisation:
            values["sectors"] = sorted(record.sectors.values_list("pk", flat=True))
        rows.append(values)
    return rows


def test_csv_export_has_german_titles_and_labels_bom_and_semicolons(editor_client, directory):
    response = export(editor_client, "organisation", CSV_FORMAT, "organisationresource")
    content = content_of(response)
    assert content.startswith(b"\xef\xbb\xbfID;Name;Kurzname;")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert list(rows[0]) == ORGANISATION_HEADER
    iws = next(row for row in rows if row["Name"] == "Fraunhofer IWS")
    assert iws["Art"] == "Forschungseinrichtung"
    assert iws["Land"] == "Deutschland"
    assert iws["übergeordnete Organisation"] == "Fraunhofer-Gesellschaft"
    assert iws["Branchen/Themen"] == "Erneuerbare Energien; Gesundheit"
    assert iws["weitere Namen"] == "Fraunhofer-Institut IWS\nIWS Dresden"
    kawagoe = next(row for row in rows if row["Name"] == "Stadt Kawagoe")
    assert (kawagoe["Art"], kawagoe["Land"]) == ("Stadt/Gemeinde", "Japan")

    people = csv_rows(export(editor_client, "person", CSV_FORMAT, "personresource"))
    assert list(people[0]) == PERSON_HEADER
    assert people[0]["Rechtsgrundlage"] == "Einwilligung"


def test_xlsx_export_names_its_sheet_and_marks_the_header(editor_client, directory):
    response = export(editor_client, "organisation", XLSX_FORMAT, "organisationresource")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Organisationen"]
    sheet = book.active
    assert [c.value for c in sheet[1]] == ORGANISATION_HEADER
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{Organisation.objects.count() + 1}"
    values = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Stadt Kawagoe"][4:7] == ("Stadt/Gemeinde", None, "Japan")

    people = load_workbook(
        io.BytesIO(export(editor_client, "person", XLSX_FORMAT, "personresource").content)
    )
    assert people.sheetnames == ["Personen"]


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
@pytest.mark.parametrize(
    ("model", "resource"), [("organisation", Organisation), ("person", Person)]
)
def test_export_imports_back_unchanged(editor_client, directory, file_format, model, resource):
    before, counts = snapshot(resource), table_counts()
    exported = export(editor_client, model, file_format, f"{model}resource")
    name = "export.xlsx" if file_format == XLSX_FORMAT else "export.csv"
    response = preview(editor_client, model, name, content_of(exported), file_format)
    assert response.context["confirm_form"] is not None, response.content.decode()[-3000:]
    result = response.context["result"]
    assert {row.import_type for row in result.rows} == {"skip"}  # nothing differs
    confirm(editor_client, model, response)
    assert snapshot(resource) == before
    assert table_counts() == counts


def test_import_reads_german_titles_labels_and_country_names(editor_client, directory):
    content = (
        "Name;Kurzname;Art;Land;übergeordnete Organisation;Branchen/Themen\n"
        "Fraunhofer IKTS;IKTS;Forschungseinrichtung;Deutschland;Fraunhofer-Gesellschaft;"
        '"gesundheit; Erneuerbare Energien"\n'
        "Stadt Kōriyama;;Stadt;Japan;;\n"
        "Universität Wien;;Hochschule/Fakultät;Österreich;;\n"
        "Leeds City Council;;city;GB;;\n"
        "Kammer Lyon;;Kammer;France;;\n"
    ).encode()  # no BOM
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.context["confirm_form"] is not None, response.content.decode()[-3000:]
    confirm(editor_client, "organisation", response)
    ikts = Organisation.objects.get(name="Fraunhofer IKTS")
    assert (ikts.kind, ikts.country.code, ikts.parent) == (
        "research",
        "DE",
        directory["fraunhofer"],
    )
    assert sorted(t.slug for t in ikts.sectors.all()) == ["energie", "gesundheit"]
    found = dict(Organisation.objects.values_list("name", "country"))
    assert (found["Stadt Kōriyama"], found["Universität Wien"]) == ("JP", "AT")
    assert (found["Leeds City Council"], found["Kammer Lyon"]) == ("GB", "FR")
    assert Organisation.objects.get(name="Stadt Kōriyama").kind == "city"


def test_import_reads_comma_csv_with_bom_and_english_titles(editor_client):
    content = "\ufeffname,kind,country\nNeue Firma,Unternehmen,Deutschland\n".encode()
    response = preview(editor_client, "organisation", "o.csv", content)
    confirm(editor_client, "organisation", response)
    firm = Organisation.objects.get(name="Neue Firma")
    assert (firm.kind, firm.country.code) == ("company", "DE")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("Art", "Stadtteil", "„Art“: „Stadtteil“ gibt es hier nicht; möglich sind: Stadt/"),
        ("Land", "Atlantis", "„Land“: „Atlantis“ ist kein bekanntes Land"),
        ("übergeordnete Organisation", "Gibts AG", "„übergeordnete Organisation“: „Gibts AG“ gibt"),
        ("Branchen/Themen", "Gesundheit; Raumfahrt", "„Branchen/Themen“: Unbekannt: „Raumfahrt“."),
    ],
)
def test_unknown_label_is_a_clear_row_error_and_nothing_is_written(
    editor_client, directory, column, value, expected
):
    content = f'Name;{column}\nGute Firma GmbH;\nZweite Firma GmbH;"{value}"\n'.encode()
    before = table_counts()
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.context.get("confirm_form") is None
    assert "Spalte " + expected in response.content.decode()
    assert table_counts() == before


# --- likely duplicates in the preview (issue 13) --------------------------------------------

DUPLICATE = "Mögliche Dublette von: Stadt Kawagoe (id {pk}; gleicher Name, gleiches Land)"


def test_a_likely_duplicate_is_refused_with_the_record_and_what_to_do(editor_client, directory):
    kawagoe = directory["kawagoe"]
    before = table_counts()
    response = preview(
        editor_client, "organisation", "o.csv", b"ID;Name;Art;Land\n;Kawagoe;Stadt;Japan\n"
    )
    assert response.context.get("confirm_form") is None
    text = response.content.decode()
    assert DUPLICATE.format(pk=kawagoe.pk) in text
    assert "in die Spalte „ID“ eintragen" in text and "„ja“ in die Spalte „Neu anlegen“" in text
    assert table_counts() == before
    assert Organisation.objects.filter(match_key=organisation_key("Kawagoe")).count() == 1


def test_the_id_column_updates_the_existing_record(editor_client, directory):
    kawagoe = directory["kawagoe"]
    content = f"ID;Name;Art;Land;Ort\n{kawagoe.pk};Stadt Kawagoe;Stadt;Japan;Kawagoe-shi\n"
    response = preview(editor_client, "organisation", "o.csv", content.encode())
    confirm(editor_client, "organisation", response)
    assert (
        Organisation.objects.filter(match_key=organisation_key("Kawagoe")).get().city
        == "Kawagoe-shi"
    )


def test_neu_anlegen_ja_creates_the_record_anyway_and_the_preview_says_so(editor_client, directory):
    content = b"Name;Art;Land;Neu anlegen\nKawagoe;Stadt;Japan;ja\n"
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.context["confirm_form"] is not None
    text = response.content.decode()
    assert "<th>Mögliche Dublette</th>" in text
    assert DUPLICATE.format(pk=directory["kawagoe"].pk) in text
    confirm(editor_client, "organisation", response)
    assert Organisation.objects.filter(match_key=organisation_key("Kawagoe")).count() == 2


def test_the_same_name_in_another_country_is_only_marked(editor_client, directory):
    response = preview(editor_client, "organisation", "o.csv", b"Name;Land\nKawagoe;Deutschland\n")
    assert response.context["confirm_form"] is not None
    assert "Stadt Kawagoe (id" in response.content.decode()
    assert "anderes Land" in response.content.decode()


def test_a_short_name_or_alias_counts_as_the_same_name(editor_client, directory):
    response = preview(editor_client, "organisation", "o.csv", b"Name;Land\nIWS Dresden;DE\n")
    assert response.context.get("confirm_form") is None
    assert f"Fraunhofer IWS (id {directory['iws'].pk}; Name entspricht einem weiteren Namen" in (
        response.content.decode()
    )


def test_two_rows_of_one_file_for_the_same_record(editor_client):
    content = b"Name;Land\nStadt Testhausen;DE\nTesthausen;DE\n"
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.context.get("confirm_form") is None
    assert "Stadt Testhausen (Zeile 1 dieser Datei; gleicher Name" in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_person_under_another_spelling_is_refused(editor_client, directory):
    content = b"Vorname;Nachname;E-Mail\nJuergen;Mueller;\n"
    response = preview(editor_client, "person", "p.csv", content)
    assert response.context.get("confirm_form") is None
    assert "Mögliche Dublette von: Prof. Dr. Jürgen Müller (id" in response.content.decode()
    assert Person.objects.count() == 1


def test_a_row_that_fails_on_confirmation_leaves_nothing_written(editor_client):
    content = b"Name;Land\nErste Firma GmbH;DE\nStadt Neuhausen;DE\n"
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.context["confirm_form"] is not None
    make_organisation(name="Neuhausen", kind="city")  # somebody else was quicker
    before = table_counts()
    done = confirm(editor_client, "organisation", response)
    assert done.status_code == 200
    text = done.content.decode()
    assert "Es wurde nichts importiert" in text and "Mögliche Dublette von: Neuhausen" in text
    assert table_counts() == before
    assert not Organisation.objects.filter(name="Erste Firma GmbH").exists()


def test_the_size_check_reads_semicolon_cells(editor_client, settings):
    settings.SPREADSHEET_MAX_CELL_CHARS = 100
    content = ("Name;Beschreibung\n" + "Lange Firma;" + "x" * 90 + ";" + "y" * 90 + "\n").encode()
    response = preview(editor_client, "organisation", "o.csv", content)
    assert response.status_code == 200
    assert "länger als" not in response.content.decode()


@pytest.mark.parametrize("model", ["organisation", "person"])
def test_export_pages_render_with_german_column_names(editor_client, model):
    response = editor_client.get(reverse(f"admin:people_{model}_export"))
    assert response.status_code == 200
    assert "Nachname" in response.content.decode() or "Kurzname" in response.content.decode()
