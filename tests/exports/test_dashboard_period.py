"""The dashboard opens on the latest year with data, says why a period is empty, and lists
nothing past as upcoming."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from reports import queries
from reports.periods import year_period_from
from tests.factories import make_agreement, make_delegation, make_event
from tests.reports.data import build_story

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


@pytest.fixture
def story(db):
    return build_story()


def _figures(response):
    return {f.key: f.value for f in response.context["dashboard"].figures}


def test_latest_data_year_reads_events_delegations_and_agreements(db):
    assert queries.latest_data_year(TODAY) is None
    make_event(start="ca. 2017")
    assert queries.latest_data_year(TODAY) == 2017
    make_agreement(signed="2019-05")
    assert queries.latest_data_year(TODAY) == 2019
    make_delegation(start="Q3 2021")
    assert queries.latest_data_year(TODAY) == 2021
    make_event(start="2030-01-01", status=Event.Status.PLANNED)  # the future is not "latest"
    assert queries.latest_data_year(TODAY) == 2021


def test_default_is_the_latest_year_with_data(manager_client, story, today):
    response = manager_client.get(reverse("reports:dashboard"))
    period = response.context["period"]
    assert (period.choice, period.year_from, period.year_to) == ("latest", 2024, 2024)
    assert _figures(response)["delegations_out"] == 1  # the 2024 trip
    dashboard = response.context["dashboard"]
    assert not dashboard.empty
    html = response.content.decode()
    assert "data-empty-period" not in html
    assert 'value="latest" selected' in html


def test_installation_default_from_the_setting(manager_client, story, today, settings):
    settings.DASHBOARD_DEFAULT_PERIOD = "all"
    period = manager_client.get(reverse("reports:dashboard")).context["period"]
    assert period.choice == "all"
    settings.DASHBOARD_DEFAULT_PERIOD = "this_year"
    period = manager_client.get(reverse("reports:dashboard")).context["period"]
    assert (period.choice, period.year_from) == ("this_year", 2026)


def test_bad_setting_stops_the_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    monkeypatch.setenv("DASHBOARD_DEFAULT_PERIOD", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="DASHBOARD_DEFAULT_PERIOD"):
        importlib.reload(config.settings)
    monkeypatch.delenv("DASHBOARD_DEFAULT_PERIOD")
    importlib.reload(config.settings)


def test_empty_period_says_so_and_why(manager_client, story, today):
    response = manager_client.get(reverse("reports:dashboard") + "?period=this_year")
    dashboard = response.context["dashboard"]
    assert dashboard.empty
    assert dashboard.latest_year == 2024
    html = response.content.decode()
    assert "data-empty-period" in html
    assert "Für 2026 sind keine Veranstaltungen, Delegationen oder unterzeichneten" in html
    assert "die jüngsten erfassten Daten stammen aus 2024" in html
    assert "?period=custom&amp;year_from=2024&amp;year_to=2024" in html


def test_empty_database_says_there_is_no_data(manager_client, db, today):
    response = manager_client.get(reverse("reports:dashboard"))
    assert response.context["period"].choice == "this_year"  # nothing to be latest
    html = response.content.decode()
    assert "data-empty-period" in html
    assert "Es gibt noch keine Daten mit Datum bis heute" in html


def test_latest_without_data_falls_back_to_this_year():
    period, error = year_period_from({}, TODAY, latest_year=None, default="latest")
    assert (period.choice, period.year_from, error) == ("this_year", 2026, None)
    period, error = year_period_from({"period": "latest"}, TODAY, latest_year=2019)
    assert (period.choice, period.year_from, period.year_to) == ("latest", 2019, 2019)


def test_nothing_past_is_upcoming(db):
    past_planned = make_event(start="2026-11-19", status=Event.Status.PLANNED, title="gestern")
    past_held = make_event(start="2026-11-19", status=Event.Status.HELD, title="gestern, fand")
    held_this_month = make_event(start="2026-11", status=Event.Status.HELD, title="im Nov., fand")
    held_this_year = make_event(start="2026", status=Event.Status.HELD, title="2026, fand")
    last_month = make_event(start="2026-10", status=Event.Status.PLANNED, title="Oktober")
    today_event = make_event(start="2026-11-20", status=Event.Status.PLANNED, title="heute")
    tomorrow = make_event(start="2026-11-21", status=Event.Status.HELD, title="morgen")
    this_quarter = make_event(start="Q4 2026", status=Event.Status.PLANNED, title="Q4")
    upcoming, to_review = queries.upcoming_and_to_review(TODAY)
    assert upcoming == [this_quarter, today_event, tomorrow]
    for event in upcoming:
        assert event.start_date.end >= TODAY
    assert past_planned in to_review and last_month in to_review
    for event in (past_held, held_this_month, held_this_year):
        assert event not in upcoming and event not in to_review


def test_dashboard_upcoming_box_lists_no_past_event(manager_client, story, today):
    make_event(start="2026-11-02", status=Event.Status.PLANNED, title="Vorbei, geplant")
    make_event(start="2026-12-02", status=Event.Status.PLANNED, title="Bald, geplant")
    dashboard = manager_client.get(reverse("reports:dashboard")).context["dashboard"]
    assert [e.title for e in dashboard.upcoming] == ["Bald, geplant"]
    assert "Vorbei, geplant" in [e.title for e in dashboard.to_review]
