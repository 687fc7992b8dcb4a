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

from core.text import fold
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParty, Delegation, DelegationMember, Signatory
from people.models import Organisation

ORGANISATION, CITY, COUNTRY = "organisation", "city", "country"
MAX_SUBORGANISATION_DEPTH = 5


class ScopeError(ValueError):
    """The parameters name no partner we know; the message says why."""


@dataclass
class Scope:
    kind: str
    label: str
    organisation: Organisation | None = None
    country: str = ""
    city_spellings: frozenset[str] = frozenset()  # the raw spellings stored for the city
    organisation_ids: frozenset[int] = frozenset()  # organisation scope: it and its children
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
            return Organisation.objects.filter(pk__in=self.organisation_ids)
        if self.kind == COUNTRY:
            return Organisation.objects.filter(country=self.country)
        return Organisation.objects.filter(city__in=self.city_spellings)

    def includes(self, organisation: Organisation | None) -> bool:
        """Whether a loaded organisation is on the partner's side (no query)."""
        if organisation is None:
            return False
        if self.kind == ORGANISATION:
            return organisation.pk in self.organisation_ids
        if self.kind == COUNTRY:
            return organisation.country == self.country
        return organisation.city in self.city_spellings

    # Each record set is a UNION of simple id queries: an OR across several to-many joins
    # makes PostgreSQL multiply rows and took seconds at a million participations.

    def delegation_ids(self) -> QuerySet:
        orgs = self.organisations().values("pk")
        with_programme = {"event__delegation__isnull": False}
        parts = [
            Delegation.objects.filter(origin_organisation__in=orgs).values_list("pk"),
            Delegation.organisers.through.objects.filter(organisation__in=orgs).values_list(
                "delegation_id"
            ),
            DelegationMember.objects.filter(organisation__in=orgs).values_list("delegation_id"),
            # a delegation whose programme met the partner belongs to its history too
            Event.hosts.through.objects.filter(organisation__in=orgs, **with_programme).values_list(
                "event__delegation_id"
            ),
            Event.objects.filter(venue__in=orgs, delegation__isnull=False).values_list(
                "delegation_id"
            ),
            Participation.objects.filter(organisation__in=orgs, **with_programme).values_list(
                "event__delegation_id"
            ),
        ]
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
        orgs = self.organisations().values("pk")
        parts = [
            Event.hosts.through.objects.filter(organisation__in=orgs).values_list("event_id"),
            Event.objects.filter(venue__in=orgs).values_list("pk"),
            Participation.objects.filter(organisation__in=orgs).values_list("event_id"),
            Event.objects.filter(delegation__in=self.delegation_ids()).values_list("pk"),
        ]
        if self.kind == COUNTRY:
            parts.append(Event.objects.filter(country=self.country).values_list("pk"))
        elif self.kind == CITY:
            parts.append(Event.objects.filter(city__in=self.city_spellings).values_list("pk"))
        return _union(parts)

    def agreement_ids(self) -> QuerySet:
        orgs = self.organisations().values("pk")
        parts = [
            AgreementParty.objects.filter(organisation__in=orgs).values_list("agreement_id"),
            Signatory.objects.filter(party__in=orgs).values_list("agreement_id"),
        ]
        if self.kind == CITY:
            parts.append(
                Agreement.objects.filter(signed_place__in=self.city_spellings).values_list("pk")
            )
        return _union(parts)


def _union(parts: list[QuerySet]) -> QuerySet:
    first, *others = [part.order_by() for part in parts]
    return first.union(*others)


def _with_children(organisation: Organisation) -> tuple[frozenset[int], list[Organisation]]:
    """The organisation and its sub-organisations (a few levels; one query per level)."""
    ids, children, level = {organisation.pk}, [], [organisation.pk]
    for _depth in range(MAX_SUBORGANISATION_DEPTH):
        found = list(Organisation.objects.filter(parent__in=level).exclude(pk__in=ids))
        if not found:
            break
        children.extend(found)
        level = [o.pk for o in found]
        ids.update(level)
    return frozenset(ids), children


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
        if not organisation.isdigit():
            raise ScopeError(
                _("Die Organisation „%(value)s“ gibt es nicht.") % {"value": organisation}
            )
        found = Organisation.objects.filter(pk=int(organisation)).first()
        if found is None:
            raise ScopeError(
                _("Die Organisation „%(value)s“ gibt es nicht.") % {"value": organisation}
            )
        ids, children = _with_children(found)
        return Scope(
            ORGANISATION, found.name, organisation=found, organisation_ids=ids, children=children
        )
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
