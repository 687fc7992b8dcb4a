"""The dashboard and the person list read the activity tables: same answers as the live
definitions, a fixed number of queries on two data sizes, the period as one condition."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.involvement import contact_rows
from events.models import Event, Participation
from people.models import Organisation
from reports import queries
from reports.periods import YearPeriod
from tests.factories import make_affiliation, make_event, make_organisation, make_participation
from tests.reports.bulk import build_many

pytestmark = pytest.mark.django_db

DASHBOARD_BUDGET = 12
PERSON_LIST_BUDGET = 8
PERSON_URLS = [
    "?country=DE&year_from=2017",
    "?country=DE&year_from=2017&year_to=2019",
    "?year_to=2018",
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def _counts(client) -> dict[str, int]:
    dashboard = reverse("reports:dashboard")
    people = reverse("people:person_list")
    urls = {
        "dashboard": dashboard,
        "dashboard_all": dashboard + "?period=all",
        "dashboard_years": dashboard + "?year_from=2016&year_to=2020",
        **{f"people{query}": people + query for query in PERSON_URLS},
    }
    for url in urls.values():
        client.get(url)  # per-process caches fill on the first request
    return {name: _count(client, url) for name, url in urls.items()}


def test_query_counts_are_the_same_on_two_sizes(manager_client):
    build_many(12, prefix="Klein")
    small = _counts(manager_client)
    build_many(48, prefix="Gross")
    assert _counts(manager_client) == small
    assert all(small[n] <= DASHBOARD_BUDGET for n in small if n.startswith("dashboard_"))
    assert small["dashboard"] <= DASHBOARD_BUDGET + 1  # the default "latest" asks for its year
    assert all(small[n] <= PERSON_LIST_BUDGET for n in small if n.startswith("people"))


# --- the same answers as the live definitions ----------------------------------------------


def live_partners(year_from, year_to) -> set[int]:
    found = set()
    for part in contact_rows():
        if year_from:
            part = part.filter(contact_year__gte=year_from)
        if year_to:
            part = part.filter(contact_year__lte=year_to)
        found.update(part.values_list("contact_org", flat=True))
    return found


def live_last_contacts() -> dict[int, dt.date]:
    latest = {}
    for part in contact_rows():
        for org, day in part.values_list("contact_org", "contact_date"):
            latest[org] = max(latest.get(org, day), day)
    return latest


def live_people_met(period: YearPeriod) -> int:
    someone_else = Participation.objects.filter(
        event=OuterRef("event"), person__isnull=False
    ).exclude(person=OuterRef("person"))
    return Participation.objects.filter(
        period.q("event__start"),
        Exists(someone_else),
        event__status=Event.Status.HELD,
        person__isnull=False,
    ).aggregate(n=Count("person", distinct=True))["n"]


@pytest.mark.parametrize(
    "period",
    [YearPeriod("all", None, None), YearPeriod("custom", 2017, 2019), YearPeriod("c", 2021, None)],
)
def test_dashboard_figures_equal_the_live_definitions(period):
    build_many(40)
    counts = queries.contact_counts(period)
    assert counts["partners"] == len(live_partners(period.year_from, period.year_to)) > 0
    assert counts["people"] == live_people_met(period) > 0


def test_dormant_partners_equal_the_live_definition():
    build_many(40)
    today = dt.date(2024, 6, 1)
    cutoff = today - dt.timedelta(days=queries.DORMANT_AFTER_DAYS)
    latest = live_last_contacts()
    names = {o.pk: o.name for o in Organisation.objects.all()}
    lapsed = sorted(
        (org for org, day in latest.items() if day < cutoff),
        key=lambda org: (-latest[org].toordinal(), names[org], org),
    )
    found = queries.dormant_partners(today)
    assert [o.pk for o in found] == lapsed[: queries.LIST_LIMIT]
    assert [o.last_contact for o in found] == [latest[o] for o in lapsed[: queries.LIST_LIMIT]]


# --- the person list's period ---------------------------------------------------------------


def test_period_means_one_event_inside_it(manager_client):
    essen = make_organisation(country="DE")
    traveller = make_affiliation(organisation=essen).person
    make_participation(make_event(start="2010-05-01"), person=traveller)
    make_participation(make_event(start="2020-05-01", status="planned"), person=traveller)
    steady = make_affiliation(organisation=essen).person
    make_participation(make_event(start="2015-05-01"), person=steady)

    def found(query):
        response = manager_client.get(reverse("people:person_list") + query)
        assert response.status_code == 200
        return {p.pk for p in response.context["rows"]}

    assert found("?year_from=2012") == {traveller.pk, steady.pk}
    assert found("?year_to=2018") == {traveller.pk, steady.pk}
    assert found("?year_from=2012&year_to=2018") == {steady.pk}  # not 2010 and 2020
    assert found("?year_from=2020&year_to=2020&country=DE") == {traveller.pk}
    assert found("?year_from=2011&year_to=2014") == set()
