"""Filters on the end of an approximate date agree with ApproxDate.end for every precision."""

import datetime as dt

import pytest

from core.approxdate import ApproxDate, Precision
from partnerships.models import Agreement
from reports.approx_filters import ends_on_or_after, ends_on_or_before, is_unknown
from tests.factories import make_agreement

VALUES = [
    "2019-12-31",
    "2020-01-01",
    "2020-02-29",
    "2020-02",
    "2020-03",
    "2020-Q1",
    "2020-Q2",
    "Winter 2019",  # December 2019 to February 2020
    "Frühling 2020",
    "2019",
    "2020",
    "",
]
DAYS = [
    dt.date(2019, 12, 31),
    dt.date(2020, 1, 1),
    dt.date(2020, 2, 28),
    dt.date(2020, 2, 29),
    dt.date(2020, 3, 1),
    dt.date(2020, 3, 31),
    dt.date(2020, 6, 30),
    dt.date(2020, 12, 31),
]


@pytest.fixture
def agreements(db):
    made = {}
    for text in VALUES:
        value = ApproxDate.parse(text)
        agreement = make_agreement(title=text or "unbekannt")
        agreement.valid_until_date = value
        agreement.save()
        made[agreement.pk] = value
    return made


@pytest.mark.parametrize("day", DAYS)
def test_ends_on_or_after(agreements, day):
    found = set(
        Agreement.objects.filter(ends_on_or_after("valid_until", day)).values_list("pk", flat=True)
    )
    expected = {pk for pk, value in agreements.items() if value.is_known and value.end >= day}
    assert found == expected


@pytest.mark.parametrize("day", DAYS)
def test_ends_on_or_before(agreements, day):
    found = set(
        Agreement.objects.filter(ends_on_or_before("valid_until", day)).values_list("pk", flat=True)
    )
    expected = {pk for pk, value in agreements.items() if value.is_known and value.end <= day}
    assert found == expected


def test_unknown(agreements):
    found = set(Agreement.objects.filter(is_unknown("valid_until")).values_list("pk", flat=True))
    assert found == {pk for pk, value in agreements.items() if value.precision == Precision.UNKNOWN}
