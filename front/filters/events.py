"""Filters of the event list and of the encounters list and graph."""

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
from core.search import search_q
from events import encounters
from events.involvement import EVENT
from events.models import Event, Participation
from front.filters.occasions import InvolvementFilters
from partnerships.models import Delegation
from people.filters import TopicFilter, matching_topics
from people.models import Organisation, Person


class EventFilter(InvolvementFilters, ListFilterSet):
    q = SearchFilter(label=_("Suche (Titel, Ort, Beschreibung)"))
    kind = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("Art"), choices=Event.Kind.choices, empty_label=_("alle Arten")
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("Status"), choices=Event.Status.choices, empty_label=_("alle")
    )
    country = CountryFilter()
    topic = TopicFilter()
    year_from = YearFilter("from", label=_("ab Jahr"))
    year_to = YearFilter("to", label=_("bis Jahr"))
    organisation = RecordIdFilter(label=_("Organisation"), method="filter_organisation")
    person = RecordIdFilter(label=_("Person"), method="filter_person")
    delegation = RecordIdFilter(label=_("Delegation"), field_name="delegation_id")

    occasion = EVENT
    period_field = "start"
    record_filters = {
        "organisation": Organisation,
        "person": Person,
        "delegation": Delegation,
    }

    class Meta(ListFilterSet.Meta):
        model = Event
        fields = []

    def _having(self, queryset, condition: Q):
        return queryset.filter(pk__in=Event.objects.filter(condition).values("pk"))

    def search(self, queryset, name, value):
        return queryset.filter(search_q(Event, value))

    def filter_topic(self, queryset, name, value):
        return self._having(queryset, Q(topics__in=matching_topics(value)))


KIND_CHOICES = [
    (encounters.PERSON, _("Personen")),
    (encounters.ORGANISATION, _("Organisationen")),
]


def encounter_kind(data) -> str:
    """People unless asked otherwise; an organisation alone asks for organisations."""
    kind = data.get("kind", "")
    if kind in encounters.KINDS:
        return kind
    if data.get("organisation") and not data.get("person"):
        return encounters.ORGANISATION
    return encounters.PERSON


class EncounterFilter(ListFilterSet):
    """Validates the encounter filters, then hands them to events.encounters (one query)."""

    kind = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("Wer"), choices=KIND_CHOICES, empty_label=None, method="keep"
    )
    q = SearchFilter(label=_("Name"), method="keep")
    country = CountryFilter(label=_("Land der Begegnung"), method="keep")
    topic = TopicFilter(method="keep")
    year_from = YearFilter("from", label=_("ab Jahr"))
    year_to = YearFilter("to", label=_("bis Jahr"))
    person = RecordIdFilter(label=_("Person"), method="keep")
    organisation = RecordIdFilter(label=_("Organisation"), method="keep")

    record_filters = {"organisation": Organisation, "person": Person}

    class Meta(ListFilterSet.Meta):
        model = Participation
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "kind" not in data:
            # Show the kind that encounter_kind() chose, so the form matches the list.
            data = data.copy()
            data["kind"] = encounter_kind(data)
        super().__init__(data, *args, **kwargs)

    def keep(self, queryset, name, value):
        return queryset

    def filter_period(self, queryset, year_from, year_to):
        return queryset

    @property
    def qs(self):
        # Unlike a model list, no filters still means "the encounters", not "participations".
        if not hasattr(self, "_qs"):
            if self.is_bound:
                self.errors  # noqa: B018 (validates the form, as FilterSet.qs does)
            self._qs = self.filter_queryset(self.queryset)
        return self._qs

    def filter_queryset(self, queryset):
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        kind = encounter_kind(self.data)
        return encounters.encounters(
            kind,
            person=data.get("person"),
            organisation=data.get("organisation"),
            country=data.get("country") or None,
            topic=data.get("topic") or None,
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            q=data.get("q") or None,
        )

    @property
    def kind_value(self) -> str:
        return encounter_kind(self.data)
