"""Script tags, quotes and spreadsheet formulas in every text field come out harmless: escaped
on every page and in the admin, made inert in CSV/XLSX exports, plain data in the graph JSON,
and unable to add lines to the calendar feed."""

import csv
import io
import json

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from core.exports import FORMULA_PREFIXES
from people.models import Organisation, Person
from people.resources import OrganisationResource, PersonResource
from reports.models import CalendarToken
from tests import factories
from tests.trust.html_checks import inline_code
from tests.trust.samples import one_of_each
from tests.trust.urls_catalog import LIST_PAGES, all_routes

# A formula, a script and an attribute break-out in one value (52 characters).
PAYLOAD = '=1+1<script>alert(1)</script>"onmouseover="alert(2)\''
RAW_MARKERS = ["<script>alert(1)", '"onmouseover="alert(2)']
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
INJECTED_LINE = "ATTACH:https://evil.example/x"


def _text_fields(model):
    skip = (models.SlugField, models.EmailField, models.URLField)
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, skip)
            and not field.choices
            and field.editable
            and field.name != "search_text"
        ):
            yield field


def _poison(obj, n: int) -> None:
    """Put the payload into every free-text field of ``obj``."""
    for field in _text_fields(type(obj)):
        value = f"{PAYLOAD} {n}"
        setattr(obj, field.name, value[: field.max_length] if field.max_length else value)
    obj.save()


@pytest.fixture
def hostile(db, settings):
    """One record of every model with the payload in every text field, dated this year so the
    reports show it, and a second person meeting the first (an encounter for the graph)."""
    samples = one_of_each()
    for n, obj in enumerate(samples.values()):
        _poison(obj, n)
    today = timezone.localdate().isoformat()
    event = samples["events.Event"]
    event.start, event.start_precision = timezone.localdate(), "day"
    event.save()
    other = factories.make_person()
    _poison(other, 99)
    factories.make_participation(event=event, person=other, organisation=samples[
        "people.Organisation"])  # fmt: skip
    # An event whose title tries to add a line to the calendar feed.
    factories.make_event(start=today, title=f"Treffen\r\n{INJECTED_LINE}", city="Essen\nX:Y")
    samples["other"] = other
    return samples


def assert_harmless(html: str, where: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, f"{where}: unescaped {marker!r}"
    assert inline_code(html) == [], where


# --- every page of the site ---------------------------------------------------------------


def _site_urls(samples) -> list[str]:
    """A URL for every site route (non-admin) that shows data, with the poisoned records."""
    by_model = {
        "people:organisation_detail": samples["people.Organisation"],
        "people:person_detail": samples["people.Person"],
        "partnerships:delegation_detail": samples["partnerships.Delegation"],
        "partnerships:agreement_detail": samples["partnerships.Agreement"],
        "events:event_detail": samples["events.Event"],
        "privacy:person_erase": samples["people.Person"],
    }
    person, organisation = samples["people.Person"], samples["people.Organisation"]
    queries = {
        "search": ["?q=alert", f"?q={PAYLOAD}"],
        "reports:partner_report": [f"?organisation={organisation.pk}", f"?q={PAYLOAD}"],
        "events:encounter_list": ["", f"?person={person.pk}", "?kind=organisation"],
        "events:encounter_graph": ["", f"?person={person.pk}"],
    }
    skip = {
        "logout",
        "set_language",
        "media",
        "password_reset_confirm",
        "reports:calendar_feed",
        "events:encounter_graph_data",
        "privacy:person_export",
        "people:person_vcard",
    }  # fmt: skip  (POST-only, files and JSON/ICS/vCard: tested below)
    urls = []
    for route in all_routes():
        if route.is_admin or route.name in skip:
            continue
        if route.name.startswith("api:") and route.name != "api:docs":
            continue  # JSON, never HTML (tests/api: the schema run checks every answer)
        if route.name == "directory:merge":  # the two poisoned people side by side
            base = reverse(route.name, args=["person", person.pk, samples["other"].pk])
        elif "<" in route.route:
            assert route.name in by_model, f"no test record for {route.route} ({route.name})"
            base = reverse(route.name, args=[by_model[route.name].pk])
        else:
            base = reverse(route.name)
        # Every list echoes its search box: a reflected payload must be escaped too.
        extra = queries.get(route.name, ["", f"?q={PAYLOAD}"])
        urls.extend(base + query for query in extra)
    return urls


def test_every_site_page_escapes_the_payload(hostile, editor_client):
    shown = 0
    for url in _site_urls(hostile):
        response = editor_client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_harmless(html, url)
        shown += ESCAPED in html
    assert shown >= 15  # the payload really was on the pages


@pytest.mark.parametrize(
    "name",
    [
        "people:organisation_detail",
        "people:person_detail",
        "partnerships:delegation_detail",
        "partnerships:agreement_detail",
        "events:event_detail",
    ],
)
def test_detail_pages_show_the_payload_as_text(hostile, manager_client, name):
    label = {
        "people:organisation_detail": "people.Organisation",
        "people:person_detail": "people.Person",
        "partnerships:delegation_detail": "partnerships.Delegation",
        "partnerships:agreement_detail": "partnerships.Agreement",
        "events:event_detail": "events.Event",
    }[name]
    response = manager_client.get(reverse(name, args=[hostile[label].pk]))
    html = response.content.decode()
    assert ESCAPED in html
    assert_harmless(html, name)


# --- the admin --------------------------------------------------------------------------------


def test_every_admin_page_escapes_the_payload(hostile, superuser_client):
    checked = 0
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_changelist") + "?q=alert"]
        for obj in model._default_manager.all()[:3]:
            for view in ("change", "history", "delete"):
                urls.append(reverse(f"{prefix}_{view}", args=[obj.pk]))
        for url in urls:
            response = superuser_client.get(url)
            if response.status_code == 403:  # django-axes logs are read-only
                continue
            assert response.status_code == 200, url
            assert_harmless(response.content.decode(), url)
            checked += 1
    assert checked > 60


def test_admin_autocomplete_returns_json(hostile, superuser_client):
    url = reverse("admin:autocomplete")
    params = {
        "term": "alert",
        "app_label": "events",
        "model_name": "participation",
        "field_name": "person",
    }
    response = superuser_client.get(url, params)
    assert response["Content-Type"] == "application/json"
    assert any("<script>" in r["text"] for r in response.json()["results"])


# --- exports ----------------------------------------------------------------------------------


def _assert_inert_cells(cells, where):
    active = [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_PREFIXES)]
    assert active == [], f"{where}: cells a spreadsheet would run: {active[:3]}"


def _csv_cells(content: bytes):
    text = content.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        yield from row


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_csv_exports_neutralise_formulas(hostile, manager_client, name):
    response = manager_client.get(reverse(name) + "?format=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = list(_csv_cells(content))
    assert any(c.startswith("'=1+1<script>") for c in cells), name
    _assert_inert_cells(cells, name)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_xlsx_exports_neutralise_formulas(hostile, manager_client, name):
    response = manager_client.get(reverse(name) + "?format=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(content))
    cells = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert any(isinstance(c, str) and c.startswith("'=1+1<script>") for c in cells), name
    _assert_inert_cells(cells, name)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", ["reports:partner_report", "reports:period_report"])
def test_report_exports_neutralise_formulas(hostile, manager_client, name, fmt):
    query = f"?format={fmt}"
    if name == "reports:partner_report":
        query += f"&organisation={hostile['people.Organisation'].pk}"
    response = manager_client.get(reverse(name) + query)
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        cells = list(_csv_cells(content))
    else:
        workbook = load_workbook(io.BytesIO(content))
        cells = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert any(isinstance(c, str) and c.startswith("'=1+1") for c in cells), (name, fmt)
    _assert_inert_cells(cells, f"{name} {fmt}")


@pytest.mark.parametrize(
    ("resource", "model"), [(PersonResource, Person), (OrganisationResource, Organisation)]
)
def test_admin_spreadsheet_exports_neutralise_formulas(hostile, resource, model):
    dataset = resource().export(queryset=model.objects.all())
    cells = [cell for row in dataset for cell in row]
    assert any(isinstance(c, str) and c.startswith("'=1+1") for c in cells)
    _assert_inert_cells(cells, resource.__name__)


# --- JSON and the calendar feed ------------------------------------------------------------


def test_graph_data_is_json_with_the_labels_as_data(hostile, manager_client):
    person = hostile["people.Person"]
    response = manager_client.get(reverse("events:encounter_graph_data") + f"?person={person.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "<script>alert(1)</script>" in text  # data, for the graph to draw as text


def test_graph_page_keeps_its_data_out_of_the_html(hostile, manager_client):
    person = hostile["people.Person"]
    response = manager_client.get(reverse("events:encounter_graph") + f"?person={person.pk}")
    assert_harmless(response.content.decode(), "graph page")


def test_person_export_is_json(hostile, editor_client):
    person = hostile["people.Person"]
    response = editor_client.get(reverse("privacy:person_export", args=[person.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["person"]["notes"].startswith(PAYLOAD)


@pytest.mark.parametrize("url", ["people:person_vcard", "people:person_list"])
def test_vcards_cannot_be_given_extra_lines(hostile, manager_client, url):
    import vobject

    person = hostile["people.Person"]
    person.phone = "1\r\nEMAIL:evil@example.org"
    person.save()
    if url == "people:person_vcard":
        response = manager_client.get(reverse(url, args=[person.pk]))
    else:
        response = manager_client.get(reverse(url), {"format": "vcf"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode()
    assert "\r\nEMAIL:evil" not in text
    cards = list(vobject.readComponents(text))
    card = next(c for c in cards if c.uid.value == f"urn:x-crm:person:{person.pk}")
    # one property, the line break escaped inside it (as "\n": vCard has no CR escape)
    assert card.tel.value == "1\nEMAIL:evil@example.org"
    assert "evil@example.org" not in [e.value for e in card.contents.get("email", [])]


def test_calendar_feed_cannot_be_given_extra_lines(hostile, manager):
    _token, secret = CalendarToken.issue(manager)
    response = Client().get(reverse("reports:calendar_feed", args=[secret]))
    assert response.status_code == 200
    raw = response.content.decode()
    assert not any(line.startswith("ATTACH") for line in raw.splitlines())
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = {str(e["SUMMARY"]) for e in events}
    assert f"Treffen\r\n{INJECTED_LINE}" in summaries or f"Treffen\n{INJECTED_LINE}" in summaries
    assert any(s.startswith(PAYLOAD) for s in summaries)
    assert all("ATTACH" not in e for e in events)
