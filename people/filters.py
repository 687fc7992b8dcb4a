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

    def render(self, name, value, attrs=None, renderer=None):
        topics = list(Topic.objects.values_list("pk", "slug", "name"))
        if isinstance(value, str) and value.isdigit():  # an id in the URL selects its slug
            value = next((slug for pk, slug, _name in topics if str(pk) == value), value)
        self.choices = [("", _("alle Themen")), *((slug, name) for _pk, slug, name in topics)]
        return super().render(name, value, attrs, renderer)


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

    # Subqueries on the person's relation tables keep each person once, however many rows
    # match, and select ``person_id`` straight from them (no second pass over people_person).
    # people may not import the apps above it: their tables are reached through the reverse
    # relations' models.

    @staticmethod
    def _related(name: str):
        return Person._meta.get_field(name).related_model._default_manager

    def _having(self, queryset, relation: str, **conditions):
        rows = self._related(relation).filter(**conditions).values("person_id")
        return queryset.filter(pk__in=rows)

    def search(self, queryset, name, value):
        return queryset.filter(names_q(value))

    def filter_organisation(self, queryset, name, value):
        roles = self._related("affiliations").filter(organisation_id=value)
        taking_part = self._related("participations").filter(organisation_id=value)
        return queryset.filter(
            Q(pk__in=roles.values("person_id")) | Q(pk__in=taking_part.values("person_id"))
        )

    def filter_country(self, queryset, name, value):
        return self._having(queryset, "affiliations", organisation__country=value)

    def filter_topic(self, queryset, name, value):
        return self._having(
            queryset, "affiliations", organisation__sectors__in=matching_topics(value)
        )

    def filter_period(self, queryset, year_from, year_to):
        """People who took part in an event in the period: one event whose stored start lies
        in ``year_from..year_to`` (either end may be open).

        Reads the activity app's per-person years (kept current on every write), one index
        probe per person, instead of joining participations with events.
        """
        years = {}
        if year_from is not None:
            years["year__gte"] = year_from
        if year_to is not None:
            years["year__lte"] = year_to
        return self._having(queryset, "activity_years", **years)
