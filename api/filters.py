"""Filters of the two API lists that have no list page of their own (topics, sources)."""

from __future__ import annotations

from django.db.models import Q

from core.listing.filters import ListFilterSet, SearchFilter
from core.listing.views import Sort
from people.models import Source, Topic


class TopicFilter(ListFilterSet):
    q = SearchFilter(label="Name")

    class Meta(ListFilterSet.Meta):
        model = Topic
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value))


class SourceFilter(ListFilterSet):
    q = SearchFilter(label="Titel, Herausgeber, Kennung")

    class Meta(ListFilterSet.Meta):
        model = Source
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(publisher__icontains=value) | Q(reference=value)
        )


class TopicListing:
    """What an HTML list page would say about topics: filters, sorts, count limit."""

    filterset_class = TopicFilter
    sorts = {"name": Sort("Name", ("name",))}
    default_sort = "name"
    tiebreak = ("id",)
    count_limit = 1_000


class SourceListing:
    filterset_class = SourceFilter
    sorts = {
        "date": Sort("erschienen am", ("published_on", "title")),
        "title": Sort("Titel", ("title",)),
    }
    default_sort = "-date"
    tiebreak = ("id",)
    count_limit = 1_000
