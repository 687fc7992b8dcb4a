"""Content Security Policy and Cache-Control on the pages people use (any mode)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from core.security import client_ip, content_security_policy
from tests import factories
from tests.trust.html_checks import inline_code


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return dict(pairs)


def test_policy_forbids_inline_scripts_framing_plugins_and_base(client, db):
    response = client.get(reverse("login"))
    directives = _directives(response)
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["home", "admin:index", "admin:people_person_changelist"])
def test_pages_for_logged_in_users_are_no_store(editor_client, name):
    factories.make_person(family_name="Müller", email="mueller@example.org")
    response = editor_client.get(reverse(name))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control
    assert response["Content-Security-Policy"] == content_security_policy()


def test_media_files_are_no_store(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = editor_client.get("/media/photos/p.png")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# Logs nobody adds by hand: django-axes' login records and the GDPR erasure records.
WRITTEN_BY_THE_APP_ONLY = {
    "admin:axes_accessattempt_add",
    "admin:axes_accesslog_add",
    "admin:axes_accessfailurelog_add",
    "admin:privacy_erasurerecord_add",
}


def _admin_pages():
    """Every changelist and add page of the registered models, and the admin index."""
    pages = ["admin:index", "admin:password_change"]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        pages.append(f"admin:{opts.app_label}_{opts.model_name}_add")
    return pages


@pytest.mark.parametrize("name", _admin_pages())
def test_admin_pages_work_without_inline_scripts(superuser_client, name):
    response = superuser_client.get(reverse(name))
    if name in WRITTEN_BY_THE_APP_ONLY:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_admin_change_and_history_pages_without_inline_scripts(superuser_client):
    person = factories.make_person()
    organisation = factories.make_organisation()
    factories.make_affiliation(person=person, organisation=organisation, role_title="Leitung")
    agreement = factories.make_agreement(parties=[organisation, factories.make_organisation()])
    event = factories.make_event()
    factories.make_participation(event=event, person=person)
    for obj in (person, organisation, agreement, event, factories.make_delegation()):
        opts = obj._meta
        for view in ("change", "history", "delete"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
            response = superuser_client.get(url)
            assert response.status_code == 200, url
            assert inline_code(response.content.decode()) == [], url


def test_site_pages_without_inline_scripts(editor_client):
    for name in ("home", "login"):
        response = editor_client.get(reverse(name))
        assert inline_code(response.content.decode()) == [], name


def test_inline_code_finder_finds_what_csp_blocks():
    assert inline_code('<script>alert(1)</script><script src="/static/a.js"></script>') == [
        "inline <script> {}"
    ]
    assert inline_code('<script type="application/json" id="d">{}</script>') == []
    assert inline_code('<a href="javascript:x()">x</a>') == ["javascript: URL on <a>"]
    assert inline_code('<img src="x" onerror="alert(1)">') == ["event handler onerror= on <img>"]


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}, "1.2.3.4"),
        (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
        (2, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.0.0.2"}, "1.2.3.4"),
    ],
)
def test_client_ip_trusts_only_the_proxies(rf, settings, proxies, meta, expected):
    """A client cannot choose its lock-out key by sending its own X-Forwarded-For."""
    settings.NUM_PROXIES = proxies
    request = rf.get("/", **meta)
    assert client_ip(request) == expected


def test_every_registered_model_is_covered():
    """The admin page list above really covers the domain models."""
    registered = {m._meta.label for m in admin.site._registry}
    for label in ("people", "partnerships", "events"):
        for model in apps.get_app_config(label).get_models():
            if not model._meta.label.split(".")[1].startswith("Historical"):
                assert model._meta.label in registered, model._meta.label
