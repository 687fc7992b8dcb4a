"""Which partner a partner report is about: an organisation, a city or a country.

A scope knows which organisations belong to it (as a subquery, so a country with thousands of
organisations costs no id list in Python) and, for an already loaded organisation, whether it
is on the partner's side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from core.text import fold, is_digits
from events.involvement import AGREEMENT, DELEGATION, EVENT, occasion_ids
from events.models import Event
from partnerships.models import Agreement, Delegation
from people.models import Organisation

ORGANISATION, CITY, COUNTRY = "organisation", "city", "country"


class ScopeError(ValueError):
    """The parameters name no partner we know; the message says why."""


@dataclass
class Scope:
    kind: str
    label: str
    organisation: Organisation | None = None
    country: str = ""
    city_spellings: frozenset[str] = frozenset()  # the raw spellings stored for the city
    # Sub-organisations are listed, not included: their involvements are their own
    # (events.involvement), each has a report of its own.
    children: list[Organisation] = field(default_factory=list)

    @property
    def slug(self) -> str:
        if self.kind == ORGANISATION:
            return f"organisation-{self.organisation.pk}"
        if self.kind == COUNTRY:
            return f"land-{self.country}"
        return "ort-" + "".join(ch for ch in fold(self.label) if ch.isalnum())

    def params(self) -> dict[str, str]:
        if self.kind == ORGANISATION:
            return {"organisation": str(self.organisation.pk)}
        if self.kind == COUNTRY:
            return {"country": self.country}
        return {"city": self.label}

    def organisations(self) -> QuerySet:
        """The partner's organisations, as a queryset usable in ``__in`` (a subquery)."""
        if self.kind == ORGANISATION:
            return Organisation.objects.filter(pk=self.organisation.pk)
        if self.kind == COUNTRY:
            return Organisation.objects.filter(country=self.country)
        return Organisation.objects.filter(city__in=self.city_spellings)

    def includes(self, organisation: Organisation | None) -> bool:
        """Whether a loaded organisation is on the partner's side (no query)."""
        if organisation is None:
            return False
        if self.kind == ORGANISATION:
            return organisation.pk == self.organisation.pk
        if self.kind == COUNTRY:
            return organisation.country == self.country
        return organisation.city in self.city_spellings

    # The partner's own involvements (events.involvement), and for a city or a country also
    # what happened there. Each part is its own indexed lookup in one UNION.

    def delegation_ids(self) -> QuerySet:
        parts = [self._involved_in(DELEGATION)]
        if self.kind == COUNTRY:
            parts.append(
                Delegation.objects.filter(
                    Q(origin_country=self.country) | Q(destination_country=self.country)
                ).values_list("pk")
            )
        elif self.kind == CITY:
            parts.append(
                Delegation.objects.filter(
                    Q(origin_city__in=self.city_spellings)
                    | Q(destination_city__in=self.city_spellings)
                ).values_list("pk")
            )
        return _union(parts)

    def event_ids(self) -> QuerySet:
        parts = [self._involved_in(EVENT)]
        if self.kind == COUNTRY:
            parts.append(Event.objects.filter(country=self.country).values_list("pk"))
        elif self.kind == CITY:
            parts.append(Event.objects.filter(city__in=self.city_spellings).values_list("pk"))
        return _union(parts)

    def agreement_ids(self) -> QuerySet:
        parts = [self._involved_in(AGREEMENT)]
        if self.kind == CITY:
            parts.append(
                Agreement.objects.filter(signed_place__in=self.city_spellings).values_list("pk")
            )
        return _union(parts)

    def _involved_in(self, occasion: str) -> QuerySet:
        if self.kind == ORGANISATION:
            return occasion_ids(occasion, organisation=self.organisation)
        return occasion_ids(occasion, organisations=self.organisations().values("pk"))


def _union(parts: list[QuerySet]) -> QuerySet:
    first, *others = [part.order_by() for part in parts]
    return first.union(*others) if others else first


def _children(organisation: Organisation) -> list[Organisation]:
    return list(organisation.children.order_by("name"))


def _city_spellings(text: str) -> frozenset[str]:
    """Every stored spelling of a city that folds to the same text ("Kōriyama" = "Koriyama")."""
    wanted = fold(text)
    stored = set()
    for queryset, column in (
        (Organisation.objects, "city"),
        (Event.objects, "city"),
        (Delegation.objects, "origin_city"),
        (Delegation.objects, "destination_city"),
        (Agreement.objects, "signed_place"),
    ):
        stored.update(queryset.exclude(**{column: ""}).values_list(column, flat=True).distinct())
    return frozenset(s for s in stored if fold(s) == wanted)


def scope_from(params) -> Scope | None:
    """The scope the GET parameters name, None if they name none, ScopeError if unusable."""
    organisation = (params.get("organisation") or "").strip()
    city = (params.get("city") or "").strip()
    country = (params.get("country") or "").strip().upper()
    if organisation:
        if not is_digits(organisation):
            raise ScopeError(
                _("Die Organisation „%(value)s“ gibt es nicht.") % {"value": organisation}
            )
        found = Organisation.objects.filter(pk=int(organisation)).first()
        if found is None:
            raise ScopeError(
                _("Die Organisation „%(value)s“ gibt es nicht.") % {"value": organisation}
            )
        return Scope(ORGANISATION, found.name, organisation=found, children=_children(found))
    if city:
        if len(city) > 120:
            raise ScopeError(_("Der Ortsname ist zu lang."))
        spellings = _city_spellings(city)
        if not spellings:
            raise ScopeError(_("Zum Ort „%(value)s“ ist nichts erfasst.") % {"value": city})
        label = sorted(spellings, key=lambda s: (s != city, s))[0]
        return Scope(CITY, label, city_spellings=spellings)
    if country:
        if country not in countries:
            raise ScopeError(_("„%(value)s“ ist kein Ländercode (z. B. JP).") % {"value": country})
        return Scope(COUNTRY, str(countries.name(country)), country=country)
    return None
