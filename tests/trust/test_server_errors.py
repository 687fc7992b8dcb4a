"""A failing request answers without touching the database: 503 while the database is down."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.urls import reverse

from front.views import home as views

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_client(manager_client):
    manager_client.raise_request_exception = False
    return manager_client


def _break_home(monkeypatch, error):
    def fail(self, **kwargs):
        raise error

    monkeypatch.setattr(views.HomeView, "get_context_data", fail)


def test_database_down_in_a_view_is_a_503_with_retry_after(failing_client, monkeypatch):
    _break_home(monkeypatch, OperationalError("server closed the connection unexpectedly"))
    response = failing_client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert "Datenbank vorübergehend nicht erreichbar" in response.content.decode()


def test_database_down_before_the_view_is_a_503_too(failing_client, monkeypatch):
    """The session is read in the middleware, before any view runs."""

    def fail(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "load", fail)
    response = failing_client.get(reverse("people:person_list"))
    assert response.status_code == 503


def test_a_bug_is_a_500_that_says_so(failing_client, monkeypatch, django_assert_num_queries):
    _break_home(monkeypatch, ValueError("a bug"))
    response = failing_client.get(reverse("home"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Interner Fehler" in response.content.decode()
    assert "a bug" not in response.content.decode()  # no details for the user


def test_the_error_page_itself_reads_nothing(rf, django_assert_num_queries):
    from core.errors import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
