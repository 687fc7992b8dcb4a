"""Who met whom: encounters derived from participations, each listing ONE database query.

Two people met when both took part in the same held event (in any role: host, speaker, guest,
signatory, delegation member, organiser). Two organisations met when they, or people acting
for them (``Participation.organisation``), took part in the same event. Nothing is typed in
twice: the rows come from a self-join of ``Participation`` on ``event``. Planned and
cancelled events are left out: nobody met there (yet).

Stable interface (used by the encounters page and CSV, the detail pages, the graph, the
``encounters`` command and the reports app):

``person_encounters(*, person=None, organisation=None, met_organisation=None, country=None,
topic=None, year_from=None, year_to=None, q=None)``
    Values QuerySet, one row per (person, person met, organisation the met person acted for,
    event). ``person`` / ``organisation`` restrict the subject side (the subject person, or the
    organisation the subject acted for); ``met_organisation`` restricts whom they met.

``organisation_encounters(*, organisation=None, person=None, met_organisation=None,
country=None, topic=None, year_from=None, year_to=None, q=None)``
    Values QuerySet, one row per (organisation, organisation met, event). ``person`` restricts
    to events where that person acted for the subject organisation.

Both filter by the event's ``country`` (ISO code), ``topic`` (Topic, id or slug), and period:
``year_from``/``year_to`` compare the year of the stored start of the event's period, so an
event dated "ca. 2017" or "Sommer 2017" counts for 2017. ``q`` matches either side's names
(accent- and case-insensitive). Every argument accepts a model instance or an id.

Rows are ordered by event date (unknown dates last), event (by id), subject, met. Each encounter
appears once per direction (A met B and B met A) unless a subject filter picks one side.

Both also take ``met`` (the other side: a person, or an organisation) and ``partner_country``
(the other side's country: of the organisation the met person acted for at that event, or of
the met organisation), through ``encounters(kind, ...)``.

``encounter_pairs(kind, *, person=None, organisation=None, met=None, partner_country=None,
country=None, topic=None, year_from=None, year_to=None, q=None)``
    Values QuerySet, one row per pair (each pair once, however often and in whichever
    direction they met): the number of shared held events and the first and last of them,
    aggregated in SQL (GROUP BY the pair). ``as_pairs(rows)`` turns them into :class:`Pair`.

``organisations_met(person)`` lists the organisations a person met, with how often.

``as_encounters(rows)`` turns rows into :class:`Encounter` objects with ``person``, ``met``,
``date`` (:class:`core.approxdate.ApproxDate`), ``event``, ``place`` and the ids for links;
``Encounter.as_json()`` gives the command's JSON object.

``encounter_graph(kind, *, year_from=None, year_to=None, topic=None, country=None,
limit=...)`` gives nodes and edges weighted by the number of shared events (one query).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Greatest, Least

from core.approxdate import ApproxDate
from core.labels import country_name
from core.links import record_url
from core.listing.filters import period_q
from core.text import fold
from events.models import Event, Participation
from people.filters import matching_topics
from people.models import Organisation, Person

PERSON = "person"
ORGANISATION = "organisation"
KINDS = (PERSON, ORGANISATION)

# The other side of the self-join: every participation of the same event.
_OTHER = "event__participations"


def _column_of(model, ref: str, column: str) -> Subquery:
    """``column`` of the ``model`` row whose pk is the outer query's ``ref``.

    Names are read through such scalar subqueries, not joins: every join multiplies the join
    orders the PostgreSQL planner considers, and with the self-join and its two anti-joins
    planning the statement took longer than running it (docs/performance.md).
    """
    return Subquery(model.objects.filter(pk=OuterRef(ref)).order_by().values(column)[:1])


# Plus the model's own ``event_id`` column, selected as it is.
_EVENT_COLUMNS = {
    "event_title": F("event__title"),
    "event_start": F("event__start"),
    "event_precision": F("event__start_precision"),
    "event_approx": F("event__start_approx"),
    "event_venue_name": F("event__venue_name"),
    "event_venue": _column_of(Organisation, "event__venue_id", "name"),
    "event_city": F("event__city"),
    "event_country": F("event__country"),
}
# Ids first: the name subqueries refer to them.
_PERSON_IDS = {
    "who_id": F("person_id"),
    "met_id": F(f"{_OTHER}__person_id"),
    "met_for_id": F(f"{_OTHER}__organisation_id"),
}
# Person names are kept in parts so the subject and the met person render like Person.full_name.
_PERSON_NAMES = {
    "who_honorific": _column_of(Person, "who_id", "honorific"),
    "who_given": _column_of(Person, "who_id", "given_name"),
    "who_family": _column_of(Person, "who_id", "family_name"),
    "met_honorific": _column_of(Person, "met_id", "honorific"),
    "met_given": _column_of(Person, "met_id", "given_name"),
    "met_family": _column_of(Person, "met_id", "family_name"),
    "met_for": _column_of(Organisation, "met_for_id", "name"),
}
_ORGANISATION_IDS = {
    "who_id": F("organisation_id"),
    "met_id": F(f"{_OTHER}__organisation_id"),
}
_ORGANISATION_NAMES = {
    "who_name": _column_of(Organisation, "who_id", "name"),
    "met_name": _column_of(Organisation, "met_id", "name"),
}


# The met side's participation; its own event_id (equal to the subject's) lets the database
# look the met party's earlier participation up by the (party, event) index.
_MET_PARTICIPATION = {"met_pk": F(f"{_OTHER}__id"), "met_event": F(f"{_OTHER}__event_id")}


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def _event_filters(qs: QuerySet, *, country, topic, year_from, year_to) -> QuerySet:
    qs = qs.filter(event__status=Event.Status.HELD)
    if country:
        qs = qs.filter(event__country=country)
    if topic not in (None, ""):
        topics = matching_topics(topic)
        qs = qs.filter(event__in=Event.objects.filter(topics__in=topics).values("pk"))
    if year_from is not None or year_to is not None:
        qs = qs.filter(period_q("event__start", year_from, year_to))
    return qs


def _first_participations(qs, party: str, met: str, own: dict, met_filter: dict) -> QuerySet:
    """Keep one participation per party and event on each side of the self-join.

    Someone can take part in one event twice (speaker and signatory), and an organisation
    through several people; without this, each would repeat the encounter. Keeping only the
    party's first participation (lowest id, among those the filters allow) makes every row
    unique without SELECT DISTINCT, so the database can stop after one page of rows instead
    of computing every encounter first (the participation indexes on (party, event) serve
    both lookups).
    """
    earlier_own = Participation.objects.filter(
        event_id=OuterRef("event_id"), pk__lt=OuterRef("pk"), **{party: OuterRef(party)}, **own
    )
    earlier_met = Participation.objects.filter(
        event_id=OuterRef("met_event"), pk__lt=OuterRef("met_pk"), **{party: OuterRef(met)},
        **met_filter,
    )  # fmt: skip
    return qs.filter(_per_row(~Exists(earlier_own)), _per_row(~Exists(earlier_met)))


def _per_row(condition) -> Func:
    """``(condition) IS TRUE``: the same test, but PostgreSQL no longer turns the NOT EXISTS
    into an anti-join that joins the planner's search for a join order (planning took longer
    than running); it stays an index probe per candidate row."""
    return Func(condition, template="(%(expressions)s) IS TRUE", output_field=BooleanField())


@dataclass(frozen=True)
class _Side:
    """What makes a subject of encounters: a person, or an organisation."""

    party: str  # the participation column of the subject and of whom they met
    ids: dict  # who, whom they met (and for whom)
    names: dict  # their names, as subqueries on the ids
    search: str  # the folded names, for ``q``
    acting: str  # the column ``acting_for`` restricts the subject's side by
    met_organisation: str  # the column ``met_organisation`` restricts
    order: tuple  # after date and event


_PEOPLE = _Side(
    "person_id", _PERSON_IDS, _PERSON_NAMES, "person__search_text", "organisation_id", "met_for_id",
    ("who_family", "who_given", "who_id", "met_family", "met_given", "met_id", "met_for_id"),
)  # fmt: skip
_ORGANISATIONS = _Side(
    "organisation_id", _ORGANISATION_IDS, _ORGANISATION_NAMES, "organisation__search_text",
    "person_id", "met_id",
    ("who_name", "who_id", "met_name", "met_id"),
)  # fmt: skip


def _encounters(
    side: _Side,
    subject,
    acting_for,
    met_organisation,
    *,
    country: str | None = None,
    topic=None,
    year_from: int | None = None,
    year_to: int | None = None,
    q: str | None = None,
    met_party=None,
    partner_country: str | None = None,
) -> QuerySet:
    party = side.party.removesuffix("_id")
    qs = (
        Participation.objects.filter(**{f"{party}__isnull": False})
        .annotate(**side.ids, **_MET_PARTICIPATION)
        .annotate(**side.names, **_EVENT_COLUMNS)
        .filter(met_id__isnull=False)
        .exclude(met_id=F("who_id"))
    )
    own, met = {}, {}
    if subject is not None:
        qs = qs.filter(**{side.party: _pk(subject)})
    if acting_for is not None:
        own = {side.acting: _pk(acting_for)}
        qs = qs.filter(**own)
    if met_organisation is not None:
        qs = qs.filter(**{side.met_organisation: _pk(met_organisation)})
        if side is _PEOPLE:  # the met person's participation acted for that organisation
            met = {"organisation_id": _pk(met_organisation)}
    if met_party is not None:
        qs = qs.filter(met_id=_pk(met_party))
    if partner_country:
        # The met side's country: of the organisation the met person acted for (or of the met
        # organisation); annotated, so the self-join is reused.
        qs = qs.annotate(partner_country=F(f"{_OTHER}__organisation__country")).filter(
            partner_country=partner_country
        )
        met = {**met, "organisation__country": partner_country}
    qs = _first_participations(qs, side.party, "met_id", own, met)
    if q:
        # Annotating reuses the self-join; a filter() on the relation would add a second one.
        needle = fold(q)
        qs = qs.annotate(
            who_search=F(side.search), met_search=F(f"{_OTHER}__{side.search}")
        ).filter(Q(who_search__contains=needle) | Q(met_search__contains=needle))
    qs = _event_filters(qs, country=country, topic=topic, year_from=year_from, year_to=year_to)
    qs = qs.values(*side.ids, *side.names, "event_id", *_EVENT_COLUMNS)
    # Date, then event id: the event list's index on (start, id) delivers rows in this order,
    # so the database sorts only within one event and can stop after a page.
    return qs.order_by(F("event_start").asc(nulls_last=True), "event_id", *side.order)


def person_encounters(*, person=None, organisation=None, met_organisation=None, **filters):
    """People who met people (see the module docstring); a values QuerySet, one query.
    ``filters``: ``country``, ``topic``, ``year_from``, ``year_to``, ``q``."""
    return _encounters(_PEOPLE, person, organisation, met_organisation, **filters)


def organisation_encounters(*, organisation=None, person=None, met_organisation=None, **filters):
    """Organisations that met organisations (see the module docstring); one query."""
    return _encounters(_ORGANISATIONS, organisation, person, met_organisation, **filters)


def organisations_met(person) -> QuerySet:
    """Organisations present (themselves or through their people) at held events the person
    took part in, with the number of such events; one query, most frequent first.

    Rows: ``organisation_id``, ``organisation_name``, ``events`` (count).
    """
    events_of_person = Participation.objects.filter(person_id=_pk(person)).values("event_id")
    return (
        Participation.objects.filter(
            event__in=events_of_person,
            event__status=Event.Status.HELD,
            organisation__isnull=False,
        )
        .exclude(person_id=_pk(person))
        .values("organisation_id", organisation_name=F("organisation__name"))
        .annotate(events=Count("event_id", distinct=True))
        .order_by("-events", "organisation_name", "organisation_id")
    )


def encounters(kind: str, *, met=None, **filters) -> QuerySet:
    """``person_encounters`` or ``organisation_encounters`` by ``kind``; ``met`` is the other
    side (a person, or an organisation), ``partner_country`` its country (see
    :func:`encounter_pairs`)."""
    if kind == ORGANISATION:
        return organisation_encounters(met_party=met, **filters)
    return person_encounters(met_party=met, **filters)


def person_name(honorific: str | None, given: str | None, family: str | None) -> str:
    """The same rendering as Person.full_name, from the parts of a values row."""
    return " ".join(p for p in (honorific, given, family) if p)


_DETAIL_PAGES = {PERSON: "people:person_detail", ORGANISATION: "people:organisation_detail"}


@dataclass(frozen=True)
class Encounter:
    kind: str
    who_id: int
    person: str  # the subject: a person's or an organisation's name
    met_id: int
    met: str
    met_for_id: int | None
    met_for: str  # the organisation the met person acted for ("" for organisations)
    event_id: int
    event: str
    date: ApproxDate
    place: str
    country: str

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    # Links for the list rows (cheaper than a {% url %} tag per cell).
    @property
    def who_url(self) -> str:
        return record_url(_DETAIL_PAGES[self.kind], self.who_id)

    @property
    def met_url(self) -> str:
        return record_url(_DETAIL_PAGES[self.kind], self.met_id)

    @property
    def met_for_url(self) -> str:
        return record_url(_DETAIL_PAGES[ORGANISATION], self.met_for_id) if self.met_for_id else ""

    @property
    def event_url(self) -> str:
        return record_url("events:event_detail", self.event_id)

    def as_json(self) -> dict:
        return {
            "person": self.person,
            "met": self.met,
            "date": self.date.iso(),
            "event": self.event,
            "place": self.place,
        }


def _place(row: dict) -> str:
    parts = [row["event_venue_name"] or row["event_venue"] or "", row["event_city"] or ""]
    return ", ".join(p for p in parts if p)


def _names(row: dict, *ends: str) -> tuple[str, list[str]]:
    """(kind, the name of each end) of a row whose ends' names come in parts (people) or
    whole (organisations), as ``<end>_family`` … or ``<end>_name``."""
    if f"{ends[0]}_family" not in row:
        return ORGANISATION, [row[f"{end}_name"] for end in ends]
    return PERSON, [
        person_name(row[f"{end}_honorific"], row[f"{end}_given"], row[f"{end}_family"])
        for end in ends
    ]


def as_encounter(row: dict) -> Encounter:
    kind, (who, met) = _names(row, "who", "met")
    return Encounter(
        kind=kind,
        who_id=row["who_id"],
        person=who,
        met_id=row["met_id"],
        met=met,
        met_for_id=row.get("met_for_id"),
        met_for=row.get("met_for") or "",
        event_id=row["event_id"],
        event=row["event_title"],
        date=ApproxDate(row["event_start"], row["event_precision"], row["event_approx"]),
        place=_place(row),
        country=row["event_country"] or "",
    )


def as_encounters(rows: Iterable[dict]) -> list[Encounter]:
    return [as_encounter(row) for row in rows]


# --- the network graph ---------------------------------------------------------------------

GRAPH_EDGE_LIMIT = 400
GRAPH_NODE_LIMIT = 150


def encounter_graph(
    kind: str = PERSON,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    topic=None,
    country: str | None = None,
    limit: int = GRAPH_EDGE_LIMIT,
    node_limit: int = GRAPH_NODE_LIMIT,
) -> dict:
    """Nodes and edges of the encounter network; edge weight = number of shared events.

    One query. The network is drawn among the ``node_limit`` most active people (or
    organisations): those at the most held events matching the filters. Pairing everyone
    with everyone first would mean millions of pairs at a million participations; restricted
    to the most active, both sides of the self-join stay small. Of their encounters (one
    direction, subject id < met id, grouped by pair) the ``limit`` strongest edges are kept.
    ``truncated`` says that more may exist (more edges, or the node limit was reached).
    """
    party = "organisation_id" if kind == ORGANISATION else "person_id"
    active = _event_filters(
        Participation.objects.filter(**{f"{party}__isnull": False}),
        country=country,
        topic=topic,
        year_from=year_from,
        year_to=year_to,
    )
    most_active = (
        active.values(party)
        .annotate(events=Count("event_id", distinct=True))
        .order_by("-events", party)
        .values(party)[:node_limit]
    )
    other = f"{_OTHER}__{party}"
    if kind == ORGANISATION:
        names = {
            "who_name": F("organisation__name"),
            "met_name": F(f"{_OTHER}__organisation__name"),
        }
    else:
        names = {
            "who_honorific": F("person__honorific"),
            "who_given": F("person__given_name"),
            "who_family": F("person__family_name"),
            "met_honorific": F(f"{_OTHER}__person__honorific"),
            "met_given": F(f"{_OTHER}__person__given_name"),
            "met_family": F(f"{_OTHER}__person__family_name"),
        }
    # No one-participation-per-party step here: COUNT(DISTINCT event) absorbs repeats.
    pairs = (
        active.filter(**{f"{party}__in": most_active})
        .annotate(who_id=F(party), met_id=F(other), **names)
        .filter(met_id__in=most_active, who_id__lt=F("met_id"))
        .values("who_id", "met_id", *names)
        .annotate(weight=Count("event_id", distinct=True))
        .order_by("-weight", "who_id", "met_id")
    )
    rows = list(pairs[: limit + 1])
    nodes: dict[int, dict] = {}
    edges = []
    for row in rows[:limit]:
        if kind == ORGANISATION:
            names = (row["who_name"], row["met_name"])
        else:
            names = (
                person_name(row["who_honorific"], row["who_given"], row["who_family"]),
                person_name(row["met_honorific"], row["met_given"], row["met_family"]),
            )
        for node_id, label in zip((row["who_id"], row["met_id"]), names, strict=True):
            node = nodes.setdefault(node_id, {"id": node_id, "label": label, "weight": 0})
            node["weight"] += row["weight"]
        edges.append({"source": row["who_id"], "target": row["met_id"], "weight": row["weight"]})
    truncated = len(rows) > limit or len(nodes) >= node_limit
    return {"kind": kind, "nodes": list(nodes.values()), "edges": edges, "truncated": truncated}


# --- pairs: each pair once, with its shared occasions ------------------------------------------

PAIRS = "pairs"
OCCASIONS = "occasions"
VIEWS = (PAIRS, OCCASIONS)

# The stored start of an event with its precision and "approximately" flag, as one text whose
# order is the date's: MIN/MAX of it give the first and last occasion as honestly as known
# ("ca. 2017", not 1 Jan 2017). NULL for undated events, so aggregates skip them.
_DATE_KEY = Case(
    When(
        event__start__isnull=False,
        then=Concat(
            Cast("event__start", CharField()),
            Value("|"),
            "event__start_precision",
            Value("|"),
            Case(When(event__start_approx=True, then=Value("1")), default=Value("0")),
            output_field=CharField(),
        ),
    ),
    default=None,
    output_field=CharField(),
)


# The name columns of each end of a pair: (row key suffix, model column).
_NAME_PARTS = {
    PERSON: (("honorific", "honorific"), ("given", "given_name"), ("family", "family_name")),
    ORGANISATION: (("name", "name"),),
}


def _pair_names(side: _Side) -> dict:
    kind, model = (PERSON, Person) if side is _PEOPLE else (ORGANISATION, Organisation)
    return {
        f"{end}_{part}": _column_of(model, f"{end}_id", column)
        for end in ("a", "b")
        for part, column in _NAME_PARTS[kind]
    }


def _pair_names_from_either_side(side: _Side) -> dict:
    """The pair's names when ``a`` is the lower id of either direction (LEAST/GREATEST): read
    inside the aggregate from whichever end of the joined row it is. A subquery on ``a_id``
    would put both directions' id columns into the GROUP BY and show such a pair twice."""
    party = side.party.removesuffix("_id")
    columns = _NAME_PARTS[PERSON if side is _PEOPLE else ORGANISATION]
    return {
        f"{end}_{part}": Max(
            Case(
                When(who_id=F(f"{end}_id"), then=F(f"{party}__{column}")),
                default=F(f"{_OTHER}__{party}__{column}"),
            )
        )
        for end in ("a", "b")
        for part, column in columns
    }


def encounter_pairs(
    kind: str = PERSON,
    *,
    person=None,
    organisation=None,
    met=None,
    partner_country: str | None = None,
    country: str | None = None,
    topic=None,
    year_from: int | None = None,
    year_to: int | None = None,
    q: str | None = None,
) -> QuerySet:
    """Who met whom, each pair once: a values QuerySet, one query (docs/involvement.md).

    Rows: ``a_id``, ``b_id`` (the pair; ``a`` is the subject when ``person`` / ``organisation``
    picks one, else the lower id), their names (``a_given`` … or ``a_name``), ``occasions``
    (the number of held events both took part in, among those the filters allow),
    ``first_start`` / ``last_start`` (the stored starts of the earliest and latest of them)
    and ``first_key`` / ``last_key`` (the same with precision, for :func:`as_pair`).

    The subject filters are those of :func:`encounters` (for people ``organisation`` is the
    organisation the subject acted for; for organisations ``person`` the person who acted for
    it); ``met`` is the other side (a person, or an organisation); ``partner_country`` the
    other side's country: the country of the organisation the met person acted for at that
    event, or the met organisation's country. ``country`` is the country of the event's place.

    Aggregated in SQL: the self-join of participations on event, grouped by the pair. Without
    one-sided filters the pair is (lower id, higher id) of the join; with them (``met``,
    ``partner_country``, the acting-for filter) both directions can match, so the rows are
    grouped on LEAST/GREATEST of the two ids and each pair still appears once.
    """
    side = _ORGANISATIONS if kind == ORGANISATION else _PEOPLE
    subject, acting_for = (
        (organisation, person) if side is _ORGANISATIONS else (person, organisation)
    )
    party = side.party.removesuffix("_id")
    qs = (
        Participation.objects.filter(**{f"{party}__isnull": False})
        .annotate(who_id=F(side.party), met_id=F(f"{_OTHER}__{side.party}"))
        .filter(met_id__isnull=False)
        .exclude(met_id=F("who_id"))
    )
    one_sided = acting_for is not None or met is not None or bool(partner_country)
    if subject is not None:
        qs = qs.filter(who_id=_pk(subject))
    if acting_for is not None:
        qs = qs.filter(**{side.acting: _pk(acting_for)})
    if met is not None:
        qs = qs.filter(met_id=_pk(met))
    if partner_country:
        # Annotating reuses the self-join (a filter() on the relation would add a second one).
        qs = qs.annotate(partner_country=F(f"{_OTHER}__organisation__country")).filter(
            partner_country=partner_country
        )
    if q:
        needle = fold(q)
        qs = qs.annotate(
            who_search=F(side.search), met_search=F(f"{_OTHER}__{side.search}")
        ).filter(Q(who_search__contains=needle) | Q(met_search__contains=needle))
    qs = _event_filters(qs, country=country, topic=topic, year_from=year_from, year_to=year_to)
    if subject is not None or not one_sided:
        if subject is None:
            qs = qs.filter(who_id__lt=F("met_id"))  # each pair once: from its lower id
        ends = {"a_id": F("who_id"), "b_id": F("met_id")}
        swapped = Value(0)
        names, names_aggregated = _pair_names(side), {}
    else:
        ends = {"a_id": Least("who_id", "met_id"), "b_id": Greatest("who_id", "met_id")}
        # 1 when only the direction b → a matched: the per-occasion link starts from b.
        swapped = Min(Case(When(who_id__gt=F("met_id"), then=Value(1)), default=Value(0)))
        names, names_aggregated = {}, _pair_names_from_either_side(side)
    return (
        qs.annotate(**ends)
        .values("a_id", "b_id")
        .annotate(
            swapped=swapped,
            occasions=Count("event_id", distinct=True),
            first_start=Min("event__start"),
            last_start=Max("event__start"),
            first_key=Min(_DATE_KEY),
            last_key=Max(_DATE_KEY),
            **names_aggregated,
        )
        .annotate(**names)
        .order_by("-occasions", F("last_start").desc(nulls_last=True), "a_id", "b_id")
    )


def _date_of_key(key: str | None) -> ApproxDate:
    if not key:
        return ApproxDate()
    day, precision, approximate = key.split("|")
    return ApproxDate(dt.date.fromisoformat(day[:10]), precision, approximate == "1")


@dataclass(frozen=True)
class Pair:
    kind: str
    a_id: int
    a: str
    b_id: int
    b: str
    occasions: int
    first: ApproxDate
    last: ApproxDate
    swapped: bool = False  # only b met a under the filters: the occasions start from b
    occasions_url: str = ""  # set by the page: the pair's occasions under its filters

    @property
    def a_url(self) -> str:
        return record_url(_DETAIL_PAGES[self.kind], self.a_id)

    @property
    def b_url(self) -> str:
        return record_url(_DETAIL_PAGES[self.kind], self.b_id)

    def occasions_query(self) -> dict:
        """The parameters of the per-occasion list of this pair (the encounters page)."""
        subject, met = (self.b_id, self.a_id) if self.swapped else (self.a_id, self.b_id)
        return {"view": OCCASIONS, "kind": self.kind, self.kind: subject, "met": met}

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "a_id": self.a_id,
            "a": self.a,
            "b_id": self.b_id,
            "b": self.b,
            "occasions": self.occasions,
            "first": self.first.iso(),
            "last": self.last.iso(),
        }


def as_pair(row: dict) -> Pair:
    kind, (a, b) = _names(row, "a", "b")
    return Pair(
        kind=kind,
        a_id=row["a_id"],
        a=a,
        b_id=row["b_id"],
        b=b,
        occasions=row["occasions"],
        first=_date_of_key(row["first_key"]),
        last=_date_of_key(row["last_key"]),
        swapped=bool(row["swapped"]),
    )


def as_pairs(rows: Iterable[dict]) -> list[Pair]:
    return [as_pair(row) for row in rows]
