"""The dashboard's period selector: every input gives a period, bad input also a message."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.periods import YearPeriod, year_period_from

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ("this_year", 2026, 2026)),
        ({"period": "this_year"}, ("this_year", 2026, 2026)),
        ({"period": "last_year"}, ("last_year", 2025, 2025)),
        ({"period": "all"}, ("all", None, None)),
        ({"period": "custom", "year_from": "2018", "year_to": "2019"}, ("custom", 2018, 2019)),
        ({"year_from": "2018", "year_to": "2019"}, ("custom", 2018, 2019)),
        ({"period": "custom", "year_from": "2018"}, ("custom", 2018, None)),
        ({"period": "custom", "year_from": "", "year_to": ""}, ("all", None, None)),
    ],
)
def test_valid_periods(params, expected):
    period, error = year_period_from(params, TODAY)
    assert error is None
    assert (period.choice, period.year_from, period.year_to) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"period": "yesterday"},
        {"period": "custom", "year_from": "abc"},
        {"period": "custom", "year_from": "2019", "year_to": "2018"},
        {"period": "custom", "year_from": "99999"},
        {"period": "custom", "year_from": "-5"},
        {"period": "custom", "year_to": "1800"},
        {"period": "custom", "year_from": "2018\x00"},
    ],
)
def test_bad_input_falls_back_to_this_year_with_a_message(params):
    period, error = year_period_from(params, TODAY)
    assert error
    assert (period.year_from, period.year_to) == (2026, 2026)


def test_period_bounds_and_labels():
    period = YearPeriod("custom", 2018, 2019)
    assert (period.start, period.end) == (dt.date(2018, 1, 1), dt.date(2019, 12, 31))
    assert period.label == "2018–2019"
    assert period.list_params() == {"year_from": 2018, "year_to": 2019}
    assert YearPeriod("all", None, None).list_params() == {}
    assert YearPeriod("custom", 2018, 2018).label == "2018"
    assert YearPeriod("custom", 2018, 2020).years([2019]) == [2018, 2019, 2020]
    assert YearPeriod("all", None, None).years([2020, 2017, None]) == [2017, 2018, 2019, 2020]


@pytest.mark.parametrize(
    "query",
    [
        "?period=custom&year_from=abc",
        "?period=custom&year_from=2020&year_to=2010",
        "?period=%00",
        "?year_from=1&year_to=99999999999999999999",
    ],
)
def test_dashboard_shows_message_not_500(manager_client, query):
    response = manager_client.get(reverse("reports:dashboard") + query)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages
    assert response.context["period"].choice == "this_year"
