"""What every detail page shares: the reader check, the admin link, cited sources, the
timeline of a record's history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from core.approxdate import ApproxDate
from core.listing.access import ReaderRequiredMixin
from people.models import Source

DETAIL_ROWS = 100  # related rows shown on a detail page; the lists behind the links show all


def cited_sources(**relations) -> list[Source]:
    """Sources behind the records a page shows; ``relations`` = {Source relation: ids}.

    One query whatever the number of records: each relation is a ``pk IN (subquery)``.
    """
    condition = Q()
    for relation, ids in relations.items():
        ids = [i for i in ids if i is not None]
        if ids:
            condition |= Q(pk__in=Source.objects.filter(**{f"{relation}__in": ids}).values("pk"))
    if not condition:
        return []
    return list(Source.objects.filter(condition))


@dataclass(frozen=True)
class TimelineEntry:
    date: ApproxDate
    label: str
    text: str
    url: str
    detail: str = ""


def timeline(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Everything in one list, newest first; unknown dates last."""
    newest_first = sorted(entries, key=lambda e: (e.date.sort_key(), e.text), reverse=True)
    return sorted(newest_first, key=lambda e: e.date.value is None)  # stable: order kept


class DetailPageMixin(ReaderRequiredMixin):
    """Readers only; gives the admin change URL for the "edit" link editors see."""

    def admin_change_url(self, obj) -> str:
        meta = obj._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
