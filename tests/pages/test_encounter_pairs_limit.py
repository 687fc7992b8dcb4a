"""Pairs of a whole large directory would take long to group: past a time limit the page
lists the occasions instead and says why (core.time_limit, PostgreSQL's statement_timeout)."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from core.time_limit import TooSlow, time_limit
from front.views import events as event_views

URL = reverse("events:encounter_list")


@pytest.mark.django_db
def test_past_the_limit_the_page_lists_the_occasions_and_says_why(manager_client, monkeypatch):
    @contextmanager
    def too_slow(_ms):
        raise TooSlow
        yield

    monkeypatch.setattr(event_views, "time_limit", too_slow)
    response = manager_client.get(URL, {"partner_country": "JP", "sort": "-count"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?partner_country=JP&view=occasions"
    page = manager_client.get(response["Location"])
    assert page.context["view_mode"] == "occasions"
    assert "Zu viele Begegnungen" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_limit_cancels_a_slow_query_and_nothing_else():
    if connection.vendor != "postgresql":
        with time_limit(1), connection.cursor() as cursor:  # SQLite: no limit, runs as ever
            cursor.execute("select 1")
        return
    with pytest.raises(TooSlow), time_limit(50), connection.cursor() as cursor:
        cursor.execute("select pg_sleep(1)")
    with time_limit(5000), connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)
    with connection.cursor() as cursor:  # the limit ends with its block
        cursor.execute("show statement_timeout")
        assert cursor.fetchone()[0] == "0"
