"""Report pages run a fixed number of queries, whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports.bulk import build_many
from tests.reports.data import build_story

DASHBOARD_BUDGET = 12  # the issue's limit, including session, user and role lookups


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(queries)


def _urls(story):
    return {
        "dashboard": reverse("reports:dashboard") + "?period=all",
        "dashboard_years": reverse("reports:dashboard") + "?year_from=2016&year_to=2025",
        "partner_org": reverse("reports:partner_report") + f"?organisation={story.koriyama.pk}",
        "partner_city": reverse("reports:partner_report") + "?city=Koriyama",
        "partner_country": reverse("reports:partner_report") + "?country=JP",
        "partner_xlsx": reverse("reports:partner_report") + "?country=JP&format=xlsx",
        "period": reverse("reports:period_report") + "?date_from=2016-01-01&date_to=2025-12-31",
        "period_xlsx": reverse("reports:period_report")
        + "?date_from=2016-01-01&date_to=2025-12-31&format=xlsx",
        "calendar": reverse("reports:calendar"),
    }


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_rows(manager_client):
    story = build_story()
    urls = _urls(story)
    small = {name: _count(manager_client, url) for name, url in urls.items()}
    build_many(60)
    big = {name: _count(manager_client, url) for name, url in urls.items()}
    for name in ("dashboard", "dashboard_years"):
        assert small[name] <= DASHBOARD_BUDGET
    assert big == small


@pytest.mark.django_db
def test_dashboard_stays_within_budget_with_many_rows(
    manager_client, django_assert_max_num_queries
):
    build_story()
    build_many(80)
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        response = manager_client.get(reverse("reports:dashboard") + "?period=all")
    figures = {f.key: f.value for f in response.context["dashboard"].figures}
    assert figures["events_held"] == 5 + 40  # the story's five plus every other bulk event
    assert figures["delegations_in"] + figures["delegations_out"] == 3 + 80
    # the default period "latest" (settings.DASHBOARD_DEFAULT_PERIOD) first asks for the
    # latest year with data: one query more than a chosen period
    with django_assert_max_num_queries(DASHBOARD_BUDGET + 1):
        manager_client.get(reverse("reports:dashboard"))


@pytest.mark.django_db
def test_calendar_feed_query_count(client, manager, django_assert_num_queries):
    from reports.models import CalendarToken

    build_story()
    _token, secret = CalendarToken.issue(manager)
    url = reverse("reports:calendar_feed", args=[secret])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    build_many(60)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.content.count(b"BEGIN:VEVENT") > 60
