"""Brute-force limit (django-axes): 5 failures per username and address, or 20 per address
across usernames, 15 minutes locked,
for the site login and the admin login alike."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN_URLS = [reverse("login"), reverse("admin:login")]


def _attempt(url, username, password, ip="192.0.2.10"):
    return Client(REMOTE_ADDR=ip).post(url, {"username": username, "password": password})


def _fail(url, username, times, ip="192.0.2.10"):
    return [_attempt(url, username, "wrong", ip).status_code for _ in range(times)]


def _logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_four_failures_do_not_lock(url, editor):
    assert _fail(url, "editor", 4) == [200] * 4
    assert _logged_in(_attempt(url, "editor", PASSWORD))


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_fifth_failure_locks_with_german_message(url, editor):
    statuses = _fail(url, "editor", 5)
    assert statuses == [200, 200, 200, 200, 429]
    response = _attempt(url, "editor", PASSWORD)  # even the right password
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session
    text = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in text
    assert "in 15 Minuten erneut" in text


def test_lock_is_keyed_on_username_and_address(editor, manager):
    url = reverse("login")
    _fail(url, "editor", 5, ip="192.0.2.10")
    assert _attempt(url, "editor", PASSWORD, ip="192.0.2.10").status_code == 429
    # Same user from another address, and another user from the same address, still get in.
    assert _logged_in(_attempt(url, "editor", PASSWORD, ip="198.51.100.7"))
    assert _logged_in(_attempt(url, "manager", PASSWORD, ip="192.0.2.10"))


def test_site_and_admin_failures_count_together(editor):
    _fail(reverse("login"), "editor", 3)
    _fail(reverse("admin:login"), "editor", 2)
    assert _attempt(reverse("login"), "editor", PASSWORD).status_code == 429


def test_lock_ends_after_fifteen_minutes(editor):
    url = reverse("login")
    _fail(url, "editor", 5)
    attempt = AccessAttempt.objects.get(username="editor")
    attempt.attempt_time = timezone.now() - timedelta(minutes=14)
    attempt.save(update_fields=["attempt_time"])
    assert _attempt(url, "editor", PASSWORD).status_code == 429
    # A failure during the lock restarts the cool-off, so move the clock past it again.
    AccessAttempt.objects.filter(username="editor").update(
        attempt_time=timezone.now() - timedelta(minutes=16)
    )
    assert _logged_in(_attempt(url, "editor", PASSWORD))


def test_success_resets_the_count(editor):
    url = reverse("login")
    _fail(url, "editor", 4)
    assert _logged_in(_attempt(url, "editor", PASSWORD))
    assert _fail(url, "editor", 4) == [200] * 4


def test_test_client_login_works_with_a_request(client, editor):
    """How other tests log in with a password: pass a request, as django-axes asks."""
    assert client.login(request=HttpRequest(), username="editor", password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_force_login_is_unaffected(client, editor):
    _fail(reverse("login"), "editor", 5)
    client.force_login(editor)
    assert client.get(reverse("home")).status_code == 200


# --- per address, across usernames ---------------------------------------------------------


def _spray(url, count, ip="192.0.2.10"):
    """One wrong password for each of ``count`` different usernames (none reaches 5)."""
    return [_attempt(url, f"user{n}", "Sommer2024!", ip).status_code for n in range(count)]


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_twenty_failures_from_one_address_lock_it_for_every_username(url, editor):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    assert _spray(url, 19) == [200] * 19
    assert _spray(url, 1)[0] == 429  # the twentieth failure locks the address
    response = _attempt(url, "editor", PASSWORD)  # a colleague with the right password
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    # The same user from another address still gets in.
    assert _logged_in(_attempt(url, "editor", PASSWORD, ip="198.51.100.7"))


def test_nineteen_failures_from_one_address_do_not_lock_it(editor):
    url = reverse("login")
    _spray(url, 19)
    assert _logged_in(_attempt(url, "editor", PASSWORD))


def test_address_failures_count_site_and_admin_and_several_tries_per_name(editor):
    for name in ("a", "b", "c", "d"):
        _fail(reverse("login"), name, 4)  # 16 failures, no name locked
    _fail(reverse("admin:login"), "e", 4)  # 20
    assert _attempt(reverse("login"), "editor", PASSWORD).status_code == 429


def test_address_lock_ends_after_fifteen_minutes(editor):
    url = reverse("login")
    _spray(url, 20)
    assert _attempt(url, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _logged_in(_attempt(url, "editor", PASSWORD))
