"""Filters of the delegation and agreement lists."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.listing.filters import (
    CountryFilter,
    FastSelect,
    ListFilterSet,
    RecordIdFilter,
    SearchFilter,
    YearFilter,
)
from core.search import names_q, search_q
from events.involvement import AGREEMENT, DELEGATION, occasion_ids
from front.filters.occasions import InvolvementFilters
from partnerships.models import Agreement, Delegation
from people.filters import TopicFilter, matching_topics
from people.models import Organisation, Person


class _SubqueryFilterSet(ListFilterSet):
    """Conditions across to-many relations, applied as ``pk IN (subquery)`` (no duplicates)."""

    def _having(self, queryset, condition: Q):
        model = queryset.model
        return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))

    def filter_topic(self, queryset, name, value):
        return self._having(queryset, Q(topics__in=matching_topics(value)))


class DelegationFilter(InvolvementFilters, _SubqueryFilterSet):
    q = SearchFilter()
    direction = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Richtung"),
        choices=Delegation.Direction.choices,
        empty_label=_("beide"),
    )
    country = CountryFilter(label=_("Land (Herkunft oder Ziel)"))
    topic = TopicFilter()
    year_from = YearFilter("from", label=_("ab Jahr"))
    year_to = YearFilter("to", label=_("bis Jahr"))
    organisation = RecordIdFilter(label=_("Organisation"), method="filter_organisation")
    person = RecordIdFilter(label=_("Person"), method="filter_person")

    occasion = DELEGATION
    period_field = "start"
    record_filters = {"organisation": Organisation, "person": Person}

    class Meta(ListFilterSet.Meta):
        model = Delegation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(search_q(Delegation, value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(Q(origin_country=value) | Q(destination_country=value))


class AgreementFilter(InvolvementFilters, _SubqueryFilterSet):
    q = SearchFilter(label=_("Suche (Titel, Partner, Inhalt)"))
    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Art"),
        choices=Agreement.Kind.choices,
        empty_label=_("alle Arten"),
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Status"),
        choices=Agreement.Status.choices,
        empty_label=_("alle"),
    )
    country = CountryFilter(label=_("Land eines Partners"))
    topic = TopicFilter()
    year_from = YearFilter("from", label=_("unterzeichnet ab Jahr"))
    year_to = YearFilter("to", label=_("unterzeichnet bis Jahr"))
    organisation = RecordIdFilter(label=_("Vertragspartei"), method="filter_organisation")
    person = RecordIdFilter(label=_("Unterzeichner/in"), method="filter_person")

    occasion = AGREEMENT
    period_field = "signed_on"
    record_filters = {"organisation": Organisation, "person": Person}

    class Meta(ListFilterSet.Meta):
        model = Agreement
        fields = []

    def search(self, queryset, name, value):
        partners = Organisation.objects.filter(names_q(value))
        return queryset.filter(
            search_q(Agreement, value)
            | Q(pk__in=occasion_ids(AGREEMENT, organisations=partners.values("pk")))
        )

    def filter_country(self, queryset, name, value):
        return self._having(
            queryset, Q(participants__role="party", participants__organisation__country=value)
        )
