"""One timeline of delegations, events and agreements, with who took part on which side.

The loaders fetch each kind of record with everything the report shows in a fixed number of
queries (select_related / prefetch_related, agreement chains loaded level by level), so a
report costs the same number of queries for three records or three thousand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.approxdate import ApproxDate
from core.labels import choice_label, place_name
from events.models import Event, Participation
from partnerships.models import Agreement, Delegation, DelegationMember
from people.models import Organisation

DELEGATION, EVENT, AGREEMENT = "delegation", "event", "agreement"
KIND_LABELS = {
    DELEGATION: gettext_lazy("Delegation"),
    EVENT: gettext_lazy("Veranstaltung"),
    AGREEMENT: gettext_lazy("Vereinbarung"),
}
CHAIN_JOIN_DEPTH = 6
CHAIN_JOINS = "__".join(["supplements"] * CHAIN_JOIN_DEPTH)
MAX_CHAIN_DEPTH = 20
# What the report shows of the people and organisations taking part: loading only these
# columns halves the time of a report with thousands of participants.
PERSON_FIELDS = ("person__honorific", "person__given_name", "person__family_name")
ORGANISATION_FIELDS = ("organisation__name", "organisation__country", "organisation__city")

# Decides whether an organisation is on the partner's side (None: no sides, one list).
SideTest = Callable[[Organisation | None], bool] | None


@dataclass(frozen=True)
class Involvement:
    name: str
    role: str = ""
    role_title: str = ""
    organisation: str = ""
    person_id: int | None = None
    organisation_id: int | None = None

    def __str__(self):
        details = ", ".join(
            p for p in (self.role_title, self.organisation if self.person_id else "") if p
        )
        return f"{self.name} ({details})" if details else self.name


@dataclass
class TimelineItem:
    kind: str
    obj: object
    date: ApproxDate
    title: str
    type_label: str
    status: str = ""
    status_label: str = ""
    end: ApproxDate | None = None
    place: str = ""
    partner_side: list[Involvement] = field(default_factory=list)
    other_side: list[Involvement] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sources: list = field(default_factory=list)
    chain: list[Agreement] = field(default_factory=list)
    supplemented_by: list[Agreement] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)
    source_numbers: list[int] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()

    @property
    def when(self) -> str:
        if self.end is not None and self.end.is_known and self.end != self.date:
            return f"{self.date} – {self.end}"
        return str(self.date)

    @property
    def involved(self) -> list[Involvement]:
        return [*self.partner_side, *self.other_side]

    def sort_key(self):
        return (*self.date.sort_key(), self.kind, self.title, self.obj.pk)


Group = list[tuple[Involvement, Organisation | None]]


def _split(groups: list[Group], side: SideTest):
    """The two sides of an occasion. ``groups`` are its sides as the occasion defines them (a
    delegation's travellers, an event's hosts, an agreement's parties with their signatories);
    every group with an organisation that passes ``side`` stands on the partner's side. An
    organisation taking part on its own is listed once, with all its roles."""
    partner, other = [], []
    for group in groups:
        on_partner_side = side is not None and any(side(org) for _i, org in group)
        (partner if on_partner_side else other).extend(group)
    return _merged(partner), _merged(other)


def _merged(pairs: Group) -> list[Involvement]:
    merged: dict[object, Involvement] = {}
    for involvement, _organisation in pairs:
        key = involvement if involvement.person_id else ("org", involvement.organisation_id)
        first = merged.get(key)
        if first is None:
            merged[key] = involvement
        elif involvement.role and involvement.role not in first.role.split(", "):
            roles = [r for r in (first.role, involvement.role) if r]
            merged[key] = replace(first, role=", ".join(roles))
    return list(merged.values())


def _pair(row, label: str) -> tuple[Involvement, Organisation | None]:
    """An involvement row (participation, member, participant) as shown in the report."""
    if row.person_id:
        return _person(row.person, label, row.role_title, row.organisation), row.organisation
    return _organisation(row.organisation, label), row.organisation


def _by_organisation(pairs: Group) -> list[Group]:
    """One group per organisation acted for (people without one stand alone)."""
    groups: dict[object, Group] = {}
    for involvement, organisation in pairs:
        key = organisation.pk if organisation else ("person", involvement.person_id)
        groups.setdefault(key, []).append((involvement, organisation))
    return list(groups.values())


def _person(person, role: str, role_title: str, organisation) -> Involvement:
    return Involvement(
        name=person.full_name,
        role=role,
        role_title=role_title,
        organisation=organisation.name if organisation else "",
        person_id=person.pk,
        organisation_id=organisation.pk if organisation else None,
    )


def _organisation(organisation, role: str) -> Involvement:
    return Involvement(name=organisation.name, role=role, organisation_id=organisation.pk)


# --- delegations ------------------------------------------------------------------------------


def load_delegations(queryset: QuerySet) -> list[Delegation]:
    members = DelegationMember.objects.select_related("person", "organisation").only(
        "delegation_id", "role", "role_title", *PERSON_FIELDS, *ORGANISATION_FIELDS
    )
    return list(
        queryset.select_related("origin_organisation").prefetch_related(
            Prefetch("members", queryset=members),
            "topics",
            "sources",
        )
    )


def delegation_item(delegation: Delegation, side: SideTest) -> TimelineItem:
    """Sides: the travellers (the sending organisation, the leader and the members) and the
    organisers."""
    travellers, organisers = [], []
    if delegation.origin_organisation:
        origin = delegation.origin_organisation
        travellers.append((_organisation(origin, _("entsendet")), origin))
    for member in delegation.members.all():
        pair = _pair(member, choice_label(DelegationMember.Role, member.role))
        is_organiser = member.role == DelegationMember.Role.ORGANISER
        (organisers if is_organiser else travellers).append(pair)
    partner, other = _split([travellers, *_by_organisation(organisers)], side)
    route = " → ".join(
        p
        for p in (
            place_name(delegation.origin_city, delegation.origin_country),
            place_name(delegation.destination_city, delegation.destination_country),
        )
        if p
    )
    details = []
    if delegation.head_count_display:
        details.append((_("Teilnehmende"), delegation.head_count_display))
    if delegation.purpose:
        details.append((_("Zweck"), delegation.purpose))
    return TimelineItem(
        kind=DELEGATION,
        obj=delegation,
        date=delegation.start_date,
        end=delegation.end_date,
        title=delegation.title,
        type_label=choice_label(Delegation.Direction, delegation.direction),
        status=delegation.direction,
        place=route,
        partner_side=partner,
        other_side=other,
        topics=[t.name for t in delegation.topics.all()],
        sources=list(delegation.sources.all()),
        details=details,
    )


# --- events -------------------------------------------------------------------------------------


def load_events(queryset: QuerySet) -> list[Event]:
    participations = Participation.objects.select_related("person", "organisation").only(
        "event_id", "role", "role_title", *PERSON_FIELDS, *ORGANISATION_FIELDS
    )
    travellers = DelegationMember.objects.exclude(role=DelegationMember.Role.ORGANISER).only(
        "delegation_id", "person_id", "organisation_id"
    )
    return list(
        queryset.select_related("venue", "delegation").prefetch_related(
            Prefetch("participations", queryset=participations),
            Prefetch("delegation__members", queryset=travellers),
            "agreements",
            "topics",
            "sources",
        )
    )


def event_item(event: Event, side: SideTest) -> TimelineItem:
    """Sides: the hosts; the travellers of the visiting delegation (when the event is part of
    one's programme; its organisers are not travellers); everyone else by the organisation
    they acted for."""
    travelling_people, travelling_organisations = set(), set()
    if event.delegation:
        travelling_organisations.add(event.delegation.origin_organisation_id)
        for member in event.delegation.members.all():
            travelling_people.add(member.person_id)
            travelling_organisations.add(member.organisation_id)
    travelling_people.discard(None)
    travelling_organisations.discard(None)
    hosts, delegation, others = [], [], []
    for participation in event.participations.all():
        pair = _pair(participation, choice_label(Participation.Role, participation.role))
        if participation.role == Participation.Role.HOST:
            hosts.append(pair)
        elif (
            participation.person_id in travelling_people
            or participation.organisation_id in travelling_organisations
        ):
            delegation.append(pair)
        else:
            others.append(pair)
    partner, other = _split([hosts, delegation, *_by_organisation(others)], side)
    details = []
    if event.head_count_display:
        details.append((_("Teilnehmende"), event.head_count_display))
    if event.delegation:
        details.append((_("Delegation"), event.delegation.title))
    signed = [a.title for a in event.agreements.all()]
    if signed:
        details.append((_("unterzeichnet"), "; ".join(signed)))
    return TimelineItem(
        kind=EVENT,
        obj=event,
        date=event.start_date,
        end=event.end_date,
        title=event.title,
        type_label=choice_label(Event.Kind, event.kind),
        status=event.status,
        status_label=choice_label(Event.Status, event.status),
        place=place_name(event.place, event.country),
        partner_side=partner,
        other_side=other,
        topics=[t.name for t in event.topics.all()],
        sources=list(event.sources.all()),
        details=details,
    )


# --- agreements ---------------------------------------------------------------------------------


def load_agreements(queryset: QuerySet) -> list[Agreement]:
    agreements = list(
        queryset.select_related(CHAIN_JOINS)
        .with_participants()
        .prefetch_related(
            Prefetch(
                "supplementary_agreements",
                queryset=Agreement.objects.order_by("signed_on", "pk"),
            ),
            "topics",
            "sources",
        )
    )
    attach_chains(agreements)
    return agreements


def attach_chains(agreements: list[Agreement]) -> None:
    """Make every agreement's chain() query-free.

    The first CHAIN_JOIN_DEPTH ancestors come with the agreements themselves (self-joins);
    chains longer than that, which real data hardly has, cost one query per further level.
    """
    tips = []
    for agreement in agreements:
        node, seen = agreement, set()
        while Agreement.supplements.is_cached(node) and node.supplements is not None:
            if node.pk in seen:
                break
            seen.add(node.pk)
            node = node.supplements
        if node.supplements_id and not Agreement.supplements.is_cached(node):
            tips.append(node)
    for _depth in range(MAX_CHAIN_DEPTH):
        if not tips:
            return
        parents = Agreement.objects.in_bulk({t.supplements_id for t in tips})
        for tip in tips:
            tip.supplements = parents.get(tip.supplements_id)
        tips = [p for p in {t.supplements for t in tips if t.supplements} if p.supplements_id]
    for tip in tips:  # deeper than any real chain (or a loop): end the walk here
        tip.supplements = None


def agreement_item(agreement: Agreement, side: SideTest) -> TimelineItem:
    """Sides: each party with the people who signed for it."""
    parties: dict[int, Group] = {}
    for party in agreement.parties:
        parties[party.organisation_id] = [
            (_organisation(party.organisation, _("Vertragspartei")), party.organisation)
        ]
    for signatory in agreement.signatories:
        pair = _pair(signatory, _("unterzeichnet"))
        group = parties.setdefault(signatory.organisation_id, [])
        if group and not group[0][0].person_id:
            group.pop(0)  # the party is named by its signatory
        group.append(pair)
    partner, other = _split(list(parties.values()), side)
    details = []
    if agreement.signed_place:
        details.append((_("unterzeichnet in"), agreement.signed_place))
    validity = _validity(agreement)
    if validity:
        details.append((_("gültig"), validity))
    if agreement.description:
        details.append((_("Inhalt"), agreement.description))
    return TimelineItem(
        kind=AGREEMENT,
        obj=agreement,
        date=agreement.signed,
        title=agreement.title,
        type_label=choice_label(Agreement.Kind, agreement.kind),
        status=agreement.status,
        status_label=choice_label(Agreement.Status, agreement.status),
        place=agreement.signed_place,
        partner_side=partner,
        other_side=other,
        topics=[t.name for t in agreement.topics.all()],
        sources=list(agreement.sources.all()),
        chain=agreement.chain(),
        supplemented_by=list(agreement.supplementary_agreements.all()),
        details=details,
    )


def _validity(agreement: Agreement) -> str:
    start, until = agreement.valid_from_date, agreement.valid_until_date
    if start.is_known and until.is_known:
        return f"{start} – {until}"
    if start.is_known:
        return _("ab %(date)s") % {"date": start}
    if until.is_known:
        return _("bis %(date)s") % {"date": until}
    return ""


class CountsByKind:
    """Counts of an object's ``items`` by kind, for templates."""

    items: list[TimelineItem]

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    @property
    def count_delegations(self) -> int:
        return self.count(DELEGATION)

    @property
    def count_events(self) -> int:
        return self.count(EVENT)

    @property
    def count_agreements(self) -> int:
        return self.count(AGREEMENT)


# --- the whole timeline -------------------------------------------------------------------------


@dataclass
class Timeline:
    items: list[TimelineItem]
    truncated: bool = False  # some kind had more records than the limit


def _first(records: list, limit: int | None) -> tuple[list, bool]:
    if limit is None or len(records) <= limit:
        return records, False
    return records[:limit], True


def _earliest(queryset: QuerySet, date_field: str, limit: int | None) -> QuerySet:
    """The earliest ``limit`` + 1 records (one more tells that the list was cut)."""
    if limit is None:
        return queryset
    return queryset.order_by(F(date_field).asc(nulls_last=True), "pk")[: limit + 1]


def build_timeline(
    delegations, events, agreements, side: SideTest = None, limit: int | None = None
) -> Timeline:
    """Items of all three kinds in date order (unknown dates last).

    ``limit`` caps each kind for the screen (downloads pass None and get everything).
    """
    delegations, cut_delegations = _first(
        load_delegations(_earliest(delegations, "start", limit)), limit
    )
    events, cut_events = _first(load_events(_earliest(events, "start", limit)), limit)
    agreements, cut_agreements = _first(
        load_agreements(_earliest(agreements, "signed_on", limit)), limit
    )
    items = [
        *(delegation_item(d, side) for d in delegations),
        *(event_item(e, side) for e in events),
        *(agreement_item(a, side) for a in agreements),
    ]
    items.sort(key=TimelineItem.sort_key)
    return Timeline(items, truncated=cut_delegations or cut_events or cut_agreements)


def number_sources(items: list[TimelineItem]) -> list:
    """Number the sources in order of first citation; each item gets its numbers."""
    numbers: dict[int, int] = {}
    ordered = []
    for item in items:
        item.source_numbers = []
        for source in item.sources:
            if source.pk not in numbers:
                numbers[source.pk] = len(ordered) + 1
                ordered.append(source)
            item.source_numbers.append(numbers[source.pk])
    return ordered
