"""Filters of the organisation and person lists."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from activity.models import PersonYear
from core.listing.filters import (
    CountryFilter,
    FastSelect,
    ListFilterSet,
    RecordIdFilter,
    SearchFilter,
    YearFilter,
)
from core.search import names_q
from events.involvement import people_involved
from people.filters import TopicFilter, matching_topics
from people.models import Affiliation, Organisation, Person


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

    record_filters = {"organisation": Organisation, "person": Person}

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

    record_filters = {"organisation": Organisation}

    class Meta(ListFilterSet.Meta):
        model = Person
        fields = []

    # Subqueries on the person's relation tables keep each person once, however many rows
    # match, and select ``person_id`` straight from them (no second pass over people_person).

    @staticmethod
    def _having(queryset, rows: QuerySet, **conditions):
        return queryset.filter(pk__in=rows.filter(**conditions).values("person_id"))

    def search(self, queryset, name, value):
        return queryset.filter(names_q(value))

    def filter_organisation(self, queryset, name, value):
        """People with a role at the organisation or involved in anything on its behalf."""
        roles = Affiliation.objects.filter(organisation_id=value).values("person_id")
        return queryset.filter(Q(pk__in=roles) | Q(pk__in=people_involved(organisation=value)))

    def filter_country(self, queryset, name, value):
        return self._having(queryset, Affiliation.objects, organisation__country=value)

    def filter_topic(self, queryset, name, value):
        return self._having(
            queryset, Affiliation.objects, organisation__sectors__in=matching_topics(value)
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
        return self._having(queryset, PersonYear.objects, **years)
