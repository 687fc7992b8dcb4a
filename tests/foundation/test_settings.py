"""Configuration errors stop the start with a message that names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/crm"}, "DATABASE_URL scheme 'mysql'"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"APP_ENV": "staging"}, "APP_ENV='staging'"),
        ({"APP_ENV": "production", "ALLOWED_HOSTS": "crm.example.org"}, "SECRET_KEY must be set"),
    ],
)
def test_malformed_settings_fail_clearly(env, message):
    result = _check(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_defaults_start():
    result = _check()
    assert result.returncode == 0, result.stderr
