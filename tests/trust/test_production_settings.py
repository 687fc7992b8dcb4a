"""Production mode (APP_ENV=production) passes Django's deployment checks and sends the
security headers a public deployment needs. Each case starts a fresh interpreter, because the
production block in config/settings.py is read once at start-up."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def _production_env(tmp_path, **extra):
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "crm.example.org",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.update(extra)
    # The browser tests allow async-unsafe ORM calls in this process; a deployment never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_check_deploy_flags_development_settings(tmp_path):
    """The check is a real check: the development defaults fail it."""
    env = _production_env(tmp_path, APP_ENV="development", SECRET_KEY="", ALLOWED_HOSTS="")
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W012" in result.stderr  # session cookie not secure


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY must be set"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set")],
)
def test_production_refuses_to_start_without(tmp_path, missing, message):
    result = _run(["manage.py", "check"], _production_env(tmp_path, **{missing: ""}))
    assert result.returncode != 0
    assert message in result.stderr


# Runs inside the production interpreter: requests the login page over plain HTTP, through a
# TLS-terminating proxy (X-Forwarded-Proto: https), and prints what came back.
_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="crm.example.org")
plain = client.get("/konto/login/")
proxied = client.get("/konto/login/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "status": proxied.status_code,
    "headers": dict(proxied.headers),
    "cookies": {
        name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"])}
        for name, m in proxied.cookies.items()
    },
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


@pytest.fixture(scope="module")
def production_probe(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("prod")
    result = _run(["-c", _PROBE], _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_plain_http_is_redirected_to_https(production_probe):
    assert production_probe["plain_status"] == 301
    assert production_probe["plain_location"] == "https://crm.example.org/konto/login/"


def test_https_behind_proxy_is_served_with_hsts(production_probe):
    assert production_probe["status"] == 200
    hsts = production_probe["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_cookies_are_secure_in_production(production_probe):
    assert production_probe["session_cookie_secure"] is True
    assert production_probe["csrf_cookie_secure"] is True
    csrf = production_probe["cookies"]["csrftoken"]
    assert csrf == {"secure": True, "httponly": True}


def test_production_headers(production_probe):
    headers = production_probe["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self';" in csp


def test_tooling_is_not_installed_in_production(tmp_path):
    """Synthetic data, the benchmark and the load generator exist only for developers."""
    tools = {"seed_demo", "bench", "loadtest"}
    production = _run(["manage.py", "help", "--commands"], _production_env(tmp_path))
    assert production.returncode == 0, production.stderr
    assert not tools & set(production.stdout.split())
    assert {"backup", "restore", "import_articles"} <= set(production.stdout.split())
    development = _run(
        ["manage.py", "help", "--commands"], _production_env(tmp_path, APP_ENV="development")
    )
    assert tools <= set(development.stdout.split())
