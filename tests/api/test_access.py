"""Who may do what through the API (every route × every method × every role, with API keys
and real JSON bodies), keys that are shown once and stored hashed, the rate limit per key,
CORS, and the published description."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from tests import factories
from tests.api.conftest import token_client, token_for
from tests.trust.permission_setup import protected_state
from tests.trust.urls_catalog import all_routes

METHODS = ("get", "head", "options", "post", "put", "patch", "delete")
READ = ("get", "head", "options")
BODIES = {
    "topic": {"name": "Neues Thema", "slug": "neues-thema"},
    "source": {"publisher": "WAZ", "title": "Neu", "reference": "neu-1"},
    "organisation": {"name": "Neue Organisation"},
    "person": {"family_name": "Neumann"},
    "delegation": {"title": "Neue Delegation"},
    "agreement": {"title": "Neue Vereinbarung", "kind": "mou"},
    "event": {"title": "Neue Veranstaltung"},
}
FREE_RECORD = {  # a record nothing refers to, so an allowed DELETE really deletes
    "topic": factories.make_topic,
    "source": factories.make_source,
    "organisation": factories.make_organisation,
    "person": factories.make_person,
    "delegation": lambda: factories.make_delegation(),
    "agreement": lambda: factories.make_agreement(),
    "event": lambda: factories.make_event(),
}


def expected(role: str, kind: str, method: str) -> int:
    if kind == "not_found":
        return 404
    if role == "anonymous":
        return 401
    if role == "outsider":
        return 403
    if kind in ("schema", "encounters"):
        return 200 if method in READ else 405
    if method in READ:
        return 200
    if role == "manager":
        return 403
    if kind == "list":
        return 201 if method == "post" else 405
    return {"post": 405, "put": 200, "patch": 200, "delete": 204}[method]


def api_routes() -> list[str]:
    return sorted(r.name for r in all_routes() if r.name and r.name.startswith("api:"))


def test_the_table_covers_every_api_route():
    covered = {f"api:{r}-{kind}" for r in BODIES for kind in ("list", "detail")}
    covered |= {"api:schema", "api:docs", "api:not_found", "api:encounter-list"}
    assert set(api_routes()) == covered


@pytest.fixture
def api_clients(editor, manager, outsider):
    return {
        "anonymous": Client(),
        "outsider": token_client(outsider),
        "manager": token_client(manager),
        "editor": token_client(editor),
    }


def _ask(client, method, url, body):
    if method in ("post", "put", "patch"):
        return getattr(client, method)(url, json.dumps(body), content_type="application/json")
    return getattr(client, method)(url)


@pytest.mark.parametrize("resource", list(BODIES))
def test_api_permission_table(api_clients, resource):
    record = FREE_RECORD[resource]()
    urls = {
        "list": reverse(f"api:{resource}-list"),
        "detail": reverse(f"api:{resource}-detail", args=[record.pk]),
    }
    wrong, changed = [], []
    for role, client in api_clients.items():
        for kind, url in urls.items():
            for method in METHODS:
                before = protected_state() if role != "editor" and method not in READ else None
                with transaction.atomic():
                    response = _ask(client, method, url, BODIES[resource])
                    if before is not None and protected_state() != before:
                        changed.append(f"{role} {method} {url}")
                    transaction.set_rollback(True)
                want = expected(role, kind, method)
                if response.status_code != want:
                    wrong.append(f"{role} {method.upper()} {url}: {response.status_code} != {want}")
    assert wrong == [] and changed == []


def test_schema_encounters_and_unknown_addresses(api_clients):
    for role, client in api_clients.items():
        for kind, url in (
            ("schema", "/api/v1/schema/"),
            ("encounters", "/api/v1/encounters/"),
            ("not_found", "/api/v1/nichts/"),
        ):
            for method in METHODS:
                response = _ask(client, method, url, {})
                assert response.status_code == expected(role, kind, method), (role, method, url)


def test_a_user_without_a_role_and_an_anonymous_caller_learn_nothing(api_clients, db):
    person = factories.make_person(family_name="Geheim")
    for role in ("anonymous", "outsider"):
        body = api_clients[role].get(f"/api/v1/people/{person.pk}/").content.decode()
        assert "Geheim" not in body


# --- keys --------------------------------------------------------------------------------------


def test_a_key_is_shown_once_and_stored_only_as_a_hash(manager_client, manager):
    page = manager_client.post(reverse("api_tokens"), {"name": "BI", "lifetime": "30"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    key = page.context["new_key"]
    token = ApiToken.objects.get(user=manager)
    assert token.name == "BI" and key not in (token.digest, token.token_key)
    assert timezone.now() + timedelta(days=29) < token.expiry < timezone.now() + timedelta(days=31)
    assert key not in manager_client.get(reverse("api_tokens")).content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/topics/").status_code == 200
    revoked = manager_client.post(reverse("api_tokens"), {"revoke": token.digest})
    assert revoked.status_code == 302
    assert api.get("/api/v1/topics/").status_code == 401


def test_keys_of_others_cannot_be_revoked(manager_client, editor):
    _key = token_for(editor)
    other = ApiToken.objects.get(user=editor)
    assert manager_client.post(reverse("api_tokens"), {"revoke": other.digest}).status_code == 404
    assert ApiToken.objects.filter(pk=other.pk).exists()


def test_an_expired_key_is_refused_and_deleted(manager):
    token, key = ApiToken.objects.create(user=manager, name="alt", expiry=timedelta(seconds=-1))
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/topics/").status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize(
    "header", ["Token", "Token abc", "Token " + "g" * 64, "Token ä", "Token a b"]
)
def test_malformed_keys_are_401(db, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/topics/")
    assert response.status_code == 401 and "detail" in response.json()


def test_the_rate_limit_counts_per_key(manager, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_LIMIT = "3/minute"
    first, second = token_client(manager), token_client(manager)
    answers = [first.get("/api/v1/topics/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert int(first.get("/api/v1/topics/")["Retry-After"]) > 0
    assert second.get("/api/v1/topics/").status_code == 200
    cache.clear()


def test_cors_is_off_unless_configured(manager_api, settings):
    origin = {"HTTP_ORIGIN": "https://stadt.example"}
    assert "Access-Control-Allow-Origin" not in manager_api.get("/api/v1/topics/", **origin)
    settings.CORS_ALLOWED_ORIGINS = ["https://stadt.example"]
    allowed = manager_api.get("/api/v1/topics/", **origin)
    assert allowed["Access-Control-Allow-Origin"] == "https://stadt.example"
    page = manager_api.get("/konto/login/", **origin)
    assert "Access-Control-Allow-Origin" not in page  # only the API


# --- the description -----------------------------------------------------------------------------


def test_the_openapi_description_validates(tmp_path):
    # --fail-on-warn: an unresolved type or an ambiguous enum would be a warning
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert "/api/v1/events/" in (tmp_path / "s.yaml").read_text()


def test_the_documentation_page_serves_its_own_assets(manager_client):
    page = manager_client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "https://" not in html
    script = manager_client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"/api/v1/schema/" in script.content
