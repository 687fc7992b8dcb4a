"""The benchmarked pages run the same number of queries on little and on twice as much data.

The page tests (tests/pages, tests/reports) pin each page's query count on hand-made rows;
this runs the pages exactly as ``bench`` does, on synthetic data of two sizes.
"""

import pytest
from django.core.management import call_command

from core.listing.views import FilteredListView
from perf import pages, timing
from perf.pages import PAGES, Subjects, resolve


def query_counts(manager, editor) -> dict[str, int]:
    counts = {}
    subjects = Subjects()
    for page in PAGES:
        url, _note = resolve(page, subjects)
        if url is None:
            continue
        client = editor if page.editor else manager
        timing.fetch(client, url)  # first request: per-process caches (content types …) fill
        recorded = timing.capture(client, url)
        assert recorded.status == 200, f"{page.key}: HTTP {recorded.status}"
        counts[page.key] = recorded.queries
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(manager_client, editor_client, monkeypatch):
    # A list that fits on one page skips its COUNT query; with short pages every list of
    # both sizes spans several pages, as at scales S and L.
    monkeypatch.setattr(FilteredListView, "page_size", 5)
    monkeypatch.setattr(pages, "API_PAGE_SIZE", 5)
    call_command("seed_demo", scale="S", seed=1, json=True)
    small = query_counts(manager_client, editor_client)
    call_command("seed_demo", scale="S", seed=2, force=True, json=True)
    large = query_counts(manager_client, editor_client)
    assert "floor" in small and len(small) > 1
    assert large == small
