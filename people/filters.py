"""Filters of the organisation and person lists, and the topic filter every list uses."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.listing.filters import (
    CountryFilter,
    FastSelect,
    ListFilterSet,
    RecordIdFilter,
    SearchFilter,
    YearFilter,
    period_q,
)
from core.search import names_q
from people.models import Organisation, Person, Topic


def matching_topics(value) -> QuerySet:
    """Topics named by ``value``: a Topic, its id or its slug (ids and slugs both work in URLs)."""
    if isinstance(value, Topic):
        return Topic.objects.filter(pk=value.pk)
    text = str(value).strip()
    if text.isdigit() and len(text) < 19:
        return Topic.objects.filter(Q(pk=int(text)) | Q(slug=text))
    return Topic.objects.filter(slug=text)


class TopicSelect(FastSelect):
    """A select of all topics, read when the form is drawn (one query), not at import."""

    def get_context(self, name, value, attrs):
        topics = list(Topic.objects.values_list("pk", "slug", "name"))
        if isinstance(value, str) and value.isdigit():  # an id in the URL selects its slug
            value = next((slug for pk, slug, _name in topics if str(pk) == value), value)
        self.choices = [("", _("alle Themen")), *((slug, name) for _pk, slug, name in topics)]
        return super().get_context(name, value, attrs)


class TopicFilter(django_filters.CharFilter):
    """A topic by slug or id; the FilterSet's ``filter_topic`` applies it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Thema"))
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("widget", TopicSelect)
        kwargs.setdefault("method", "filter_topic")
        super().__init__(**kwargs)


class OrganisationFilter(ListFilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Art"),
        choices=Organisation.Kind.choices,
        empty_label=_("alle Arten"),
    )
    country = CountryFilter()
    topic = TopicFilter(label=_("Branche/Thema"))
    organisation = RecordIdFilter(label=_("gehört zu"), field_name="parent_id")
    person = RecordIdFilter(label=_("mit Person"), method="filter_person")

    record_filters = {"organisation": "people.Organisation", "person": "people.Person"}

    class Meta(ListFilterSet.Meta):
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(names_q(value))

    def filter_topic(self, queryset, name, value):
        return queryset.filter(
            pk__in=Organisation.objects.filter(sectors__in=matching_topics(value)).values("pk")
        )

    def filter_person(self, queryset, name, value):
        return queryset.filter(
            pk__in=Organisation.objects.filter(affiliations__person_id=value).values("pk")
        )


class PersonFilter(ListFilterSet):
    q = SearchFilter(widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name …")}))
    organisation = RecordIdFilter(label=_("Organisation"), method="filter_organisation")
    country = CountryFilter()
    topic = TopicFilter(label=_("Branche/Thema"))
    year_from = YearFilter("from", label=_("aktiv ab Jahr"))
    year_to = YearFilter("to", label=_("aktiv bis Jahr"))

    record_filters = {"organisation": "people.Organisation"}

    class Meta(ListFilterSet.Meta):
        model = Person
        fields = []

    def _having(self, queryset, condition: Q):
        # A subquery on the person's relations keeps each person once, however many match.
        return queryset.filter(pk__in=Person.objects.filter(condition).values("pk"))

    def search(self, queryset, name, value):
        return queryset.filter(names_q(value))

    def filter_organisation(self, queryset, name, value):
        return self._having(
            queryset,
            Q(affiliations__organisation_id=value) | Q(participations__organisation_id=value),
        )

    def filter_country(self, queryset, name, value):
        return self._having(queryset, Q(affiliations__organisation__country=value))

    def filter_topic(self, queryset, name, value):
        return self._having(
            queryset, Q(affiliations__organisation__sectors__in=matching_topics(value))
        )

    def filter_period(self, queryset, year_from, year_to):
        """People who took part in an event in the period."""
        return self._having(queryset, period_q("participations__event__start", year_from, year_to))
