"""The pages ``bench`` measures, with their budgets (docs/performance.md, issue 6).

Each page is found by its URL name; a page whose URL does not resolve (not built yet) is
skipped with a note rather than failing the run. Pages that need a record (the busiest
person, the biggest event) get it from :class:`Subjects`, one query each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from events.models import Participation

LIST_MS, ENCOUNTERS_MS, DASHBOARD_MS, DETAIL_MS = 50, 30, 100, 30
PAIRS_MS = 50  # the pairs of one person: every encounter of theirs grouped (issue 17)
API_LIST_MS, API_DETAIL_MS = 30, 20  # issue 15
API_PAGE_SIZE = 50
# key and role, the rows, the count, one query per nested list, the participants' names
API_MAX_QUERIES = 10
DUPLICATES_MS, FOLLOWUPS_MS, MERGE_MS = 200, 50, 2000  # issue 13
MAX_QUERIES, DASHBOARD_QUERIES = 8, 12
MAX_SQL_RATIO = 5  # a page may take at most five times as long as its own SQL


class Subjects:
    """The records the pages are about, chosen as the worst cases in the data."""

    @cached_property
    def busiest_person(self) -> int | None:
        return _most_frequent("person")

    @cached_property
    def biggest_event(self) -> int | None:
        return _most_frequent("event")

    @cached_property
    def busiest_organisation(self) -> int | None:
        return _most_frequent("organisation")


def _most_frequent(column: str) -> int | None:
    row = (
        Participation.objects.filter(**{f"{column}__isnull": False})
        .values(column)
        .annotate(n=Count("pk"))
        .order_by("-n", column)
        .first()
    )
    return row[column] if row else None


class MissingSubject(Exception):
    """The data has no record this page is about (e.g. no participations at all)."""


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    url_name: str
    budget_ms: float | None = LIST_MS
    max_queries: int | None = MAX_QUERIES
    args: Callable[[Subjects], list] = field(default=lambda s: [])
    query: Callable[[Subjects], dict] = field(default=lambda s: {})
    api: bool = False  # asked with an API key, as other programs do, not with a session
    editor: bool = False  # a page only editors may open (asked as the bench's editor)

    def url(self, subjects: Subjects) -> str:
        """The page's URL; NoReverseMatch if it is not built yet, MissingSubject if no data."""
        path = reverse(self.url_name, args=self.args(subjects))
        query = self.query(subjects)
        if any(value is None for value in query.values()):
            raise MissingSubject(self.key)
        return f"{path}?{urlencode(query)}" if query else path


def _need(value):
    if value is None:
        raise MissingSubject("no such record in the data")
    return value


PAGES = [
    # The floor: a logged-in page that reads nothing but the session and the user.
    Page("floor", "Password change form (the floor)", "password_change", None, None),
    # five record counts in one query, and the user's own open follow-ups
    Page("home", "Start page (five record counts, my follow-ups)", "home", max_queries=9),
    Page(
        "admin_organisations",
        "Admin: organisation changelist",
        "admin:people_organisation_changelist",
    ),  # noqa: E501
    Page(
        "person_list_filtered",
        "Person list, filtered by country and period (took part since 2015)",
        "people:person_list",
        query=lambda s: {"country": "DE", "year_from": 2015},
    ),
    Page("search_muller", "Search “muller”", "search", query=lambda s: {"q": "muller"}),
    Page("search_mueller", "Search “Müller”", "search", query=lambda s: {"q": "Müller"}),
    Page(
        "event_detail",
        "Event detail, the event with the most participants",
        "events:event_detail",
        DETAIL_MS,
        args=lambda s: [_need(s.biggest_event)],
    ),
    Page(
        "encounters_busiest",
        "Encounters of the busiest person, one row per occasion",
        "events:encounter_list",
        ENCOUNTERS_MS,
        query=lambda s: {"person": s.busiest_person, "view": "occasions"},
    ),
    Page(
        "encounter_pairs_busiest",
        "Encounters of the busiest person, each pair once (the page's default)",
        "events:encounter_list",
        PAIRS_MS,
        query=lambda s: {"person": s.busiest_person},
    ),
    Page("dashboard", "Dashboard", "reports:dashboard", DASHBOARD_MS, DASHBOARD_QUERIES),
    Page("event_list_first", "Event list, first page", "events:event_list"),
    Page(
        "event_list_last",
        "Event list, last page",
        "events:event_list",
        query=lambda s: {"page": "last"},
    ),
]

PAGES += [
    Page(
        "api_event_list",
        "API: events of the busiest organisation, 50",
        "api:event-list",
        API_LIST_MS,
        query=lambda s: {"organisation": s.busiest_organisation, "page_size": API_PAGE_SIZE},
        max_queries=API_MAX_QUERIES,
        api=True,
    ),
    Page(
        "api_person_list",
        "API: people with a role in Japan, 50",
        "api:person-list",
        API_LIST_MS,
        query=lambda s: {"country": "JP", "page_size": API_PAGE_SIZE},
        max_queries=API_MAX_QUERIES,
        api=True,
    ),
    Page(
        "api_organisation_list_last",
        "API: organisations, last page of 40",
        "api:organisation-list",
        API_LIST_MS,
        # 40, not 50: at S (50 organisations) the list still has two pages, so it counts.
        query=lambda s: {"page": "last", "page_size": 40},
        max_queries=API_MAX_QUERIES,
        api=True,
    ),
    Page(
        "api_encounters_busiest",
        "API: encounters of the busiest person, 50",
        "api:encounter-list",
        ENCOUNTERS_MS,  # the encounter page's budget: the same self-join
        query=lambda s: {"person": s.busiest_person, "page_size": API_PAGE_SIZE},
        max_queries=API_MAX_QUERIES,
        api=True,
    ),
    Page(
        "api_person_detail",
        "API: the busiest person",
        "api:person-detail",
        API_DETAIL_MS,
        args=lambda s: [_need(s.busiest_person)],
        max_queries=API_MAX_QUERIES,
        api=True,
    ),
    Page(
        "api_event_detail",
        "API: the event with the most participants",
        "api:event-detail",
        API_DETAIL_MS,
        args=lambda s: [_need(s.biggest_event)],
        max_queries=API_MAX_QUERIES,
        api=True,
    ),
]

PAGES += [
    Page(
        "duplicates",
        "Likely duplicates (people and organisations), as an editor",
        "directory:duplicates",
        DUPLICATES_MS,
        editor=True,
    ),
    Page(
        "followups_open",
        "Follow-ups: the team's open ones (admin list)",
        "admin:followups_followup_changelist",
        FOLLOWUPS_MS,
        max_queries=10,  # Django's changelist: count, rows, the date hierarchy's two, owners
        query=lambda s: {"status__exact": "open"},
    ),
]

# "The last page of a list no slower than the first": (last, first) page keys.
FIRST_AND_LAST = [("event_list_last", "event_list_first")]


def resolve(page: Page, subjects: Subjects) -> tuple[str | None, str]:
    """(URL, "") or (None, the reason the page is skipped)."""
    try:
        return page.url(subjects), ""
    except NoReverseMatch:
        return None, f"URL name {page.url_name!r} does not resolve yet (page not built)"
    except MissingSubject:
        return None, "the data holds no record for this page"
