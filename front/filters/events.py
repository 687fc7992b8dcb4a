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


VIEW_CHOICES = [
    (encounters.PAIRS, _("Paare")),
    (encounters.OCCASIONS, _("einzelne Begegnungen")),
]


def encounter_view(data, default: str = encounters.PAIRS) -> str:
    """Each pair once (the default), or one row per occasion; an unknown value: the default
    (the form explains it)."""
    view = data.get("view", "")
    return view if view in encounters.VIEWS else default


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
    view = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("Ansicht"), choices=VIEW_CHOICES, empty_label=None,
        method="keep",
    )  # fmt: skip
    country = CountryFilter(label=_("Land der Begegnung"), method="keep")
    partner_country = CountryFilter(
        label=_("Land des Gegenübers"), empty_label=_("alle Länder"), method="keep"
    )
    topic = TopicFilter(method="keep")
    year_from = YearFilter("from", label=_("ab Jahr"))
    year_to = YearFilter("to", label=_("bis Jahr"))
    person = RecordIdFilter(label=_("Person"), method="keep")
    organisation = RecordIdFilter(label=_("Organisation"), method="keep")
    met = RecordIdFilter(label=_("getroffen"), method="keep")

    record_filters = {"organisation": Organisation, "person": Person, "met": Person}
    # The page shows each pair once unless asked for the occasions (the API: occasions only).
    default_view = encounters.PAIRS
    fixed_view: str | None = None

    class Meta(ListFilterSet.Meta):
        model = Participation
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "kind" not in data:
            # Show the kind that encounter_kind() chose, so the form matches the list.
            data = data.copy()
            data["kind"] = encounter_kind(data)
        if data is not None and "view" not in data and self.fixed_view is None:
            data = data.copy()
            data["view"] = self.default_view
        super().__init__(data, *args, **kwargs)
        # The met side is of the list's kind: a person, or an organisation.
        met_model = (
            Organisation if encounter_kind(data or {}) == encounters.ORGANISATION else Person
        )
        self.record_filters = {**self.record_filters, "met": met_model}

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
        query = encounters.encounter_pairs if self.view_value == encounters.PAIRS else (
            encounters.encounters
        )  # fmt: skip
        return query(
            kind,
            person=data.get("person"),
            organisation=data.get("organisation"),
            met=data.get("met"),
            partner_country=data.get("partner_country") or None,
            country=data.get("country") or None,
            topic=data.get("topic") or None,
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            q=data.get("q") or None,
        )

    @property
    def kind_value(self) -> str:
        return encounter_kind(self.data)

    @property
    def view_value(self) -> str:
        return self.fixed_view or encounter_view(self.data or {}, self.default_view)


class EncounterOccasionFilter(EncounterFilter):
    """The API's encounters: one row per occasion (its serializer's shape), no ``view``."""

    fixed_view = encounters.OCCASIONS


class EncounterGraphFilter(EncounterFilter):
    """The network graph's filters: no view, no single pair, no partner's country (the graph
    draws the most active among everyone)."""


# (Each FilterSet class has its own dict of filters.)
del EncounterOccasionFilter.base_filters["view"]
for _name in ("view", "met", "partner_country"):
    del EncounterGraphFilter.base_filters[_name]
