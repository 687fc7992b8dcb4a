"""The password-reset request does the same work for an unknown address as for a known one
(one lookup, a token, the rendered mail) and sends no mail while the request runs, so its
answer and its time do not tell whether an address has an account."""

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.db import connection
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

URL = reverse("password_reset")


@pytest.fixture
def known(editor):
    editor.email = "editor@example.org"
    editor.save()
    return editor.email


@pytest.fixture
def work(monkeypatch):
    """Counts the expensive steps of a reset request."""
    counts = {"tokens": 0, "templates": []}
    make_token, render = PasswordResetTokenGenerator.make_token, loader.render_to_string

    def counting_token(self, user):
        counts["tokens"] += 1
        return make_token(self, user)

    def counting_render(name, *args, **kwargs):
        counts["templates"].append(name)
        return render(name, *args, **kwargs)

    monkeypatch.setattr(PasswordResetTokenGenerator, "make_token", counting_token)
    monkeypatch.setattr(loader, "render_to_string", counting_render)
    return counts


def _request(email, work) -> dict:
    work["tokens"], work["templates"][:] = 0, []
    client = Client()
    client.get(URL)  # the form, and the CSRF cookie
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"email": email})
    return {
        "status": response.status_code,
        "location": response["Location"],
        "queries": len(queries),
        "tokens": work["tokens"],
        "templates": sorted(work["templates"]),
    }


def test_known_and_unknown_addresses_do_the_same_work(known, work):
    mail.outbox.clear()
    for_known = _request(known, work)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [known]
    mail.outbox.clear()
    for_unknown = _request("niemand@example.org", work)
    assert mail.outbox == []
    assert for_known == for_unknown
    assert for_known["tokens"] == 1
    assert "registration/password_reset_email.html" in for_known["templates"]
    assert for_known["location"] == reverse("password_reset_done")


def test_the_mail_goes_out_after_the_response(known, rf):
    from django.contrib.sessions.middleware import SessionMiddleware

    from core.password_reset import PasswordResetView

    request = rf.post(URL, {"email": known})
    request._dont_enforce_csrf_checks = True
    SessionMiddleware(lambda r: None).process_request(request)
    mail.outbox.clear()
    response = PasswordResetView.as_view()(request)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent while the request ran
    response.close()  # what the WSGI server does once the answer is out
    assert len(mail.outbox) == 1
    assert "/konto/reset/" in mail.outbox[0].body


def test_a_failing_mail_server_does_not_break_the_answer(known, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    response = Client().post(URL, {"email": known})
    assert response.status_code == 302
