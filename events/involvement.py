"""Who took part in what: the one definition of a person's or an organisation's involvements.

Every page, list filter, report, derived table and the GDPR code read involvements from here;
docs/involvement.md states the same rules for users.

An *involvement* is a row of one of the four involvement tables (people.models.Involvement):

* ``Participation``: a person and/or an organisation at an event, hosts included;
* ``DelegationMember``: on a delegation, its leader and organisers included;
* ``AgreementParticipant``: a party to an agreement, or a person who signed it for a party;
* ``NoteParticipant``: the partner's side of a contact note (call, e-mail, meeting, visit);

plus the delegations an organisation sent (``Delegation.origin_organisation``, role
``origin``), which describe the trip itself and are stored on it.

The rules, written once:

* **Own involvements only.** A sub-organisation's involvement does not count for its parent
  (a faculty's workshop is not the university's); the parent's page lists its
  sub-organisations, and the partner report for a city or a country groups them.
* **A venue is a place, not an involvement.** An organisation that hosts on its premises is
  recorded as a host.
* **Met** (encounters, events/encounters.py): two people or organisations met when both took
  part in the same *held* event, in any role. Members of one delegation and the signatories
  of an agreement meet at the delegation's or the signing's events, not by the record itself.
  A contact note of a meeting or a visit records that *our staff* met the partner's side; it
  is a contact and shows in the timelines, but it is no occasion of the encounters (see
  docs/involvement.md for why).
* **Contact** (activity, "partners without contact", the partner report): any involvement in a
  held event, in a delegation, in an agreement or in a contact note of any kind, dated by the
  occasion's stored date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.functions import ExtractYear

from contacts.models import NoteParticipant
from events.models import Event, Participation
from partnerships.models import AgreementParticipant, Delegation, DelegationMember

EVENT, DELEGATION, AGREEMENT, NOTE = "event", "delegation", "agreement", "note"
HELD = Event.Status.HELD


@dataclass(frozen=True)
class Table:
    """One table that holds involvements, and how its rows name their occasion."""

    occasion: str
    model: type
    occasion_id: str  # the column with the occasion's id
    date: str  # the occasion's stored (first-day) date
    person: str | None
    organisation: str
    contact: Q  # which rows count as a contact


TABLES = (
    Table(EVENT, Participation, "event_id", "event__start", "person_id", "organisation_id",
          Q(event__status=HELD)),
    Table(DELEGATION, DelegationMember, "delegation_id", "delegation__start", "person_id",
          "organisation_id", Q()),
    # the organisation that sent the delegation: stored on the delegation itself
    Table(DELEGATION, Delegation, "pk", "start", None, "origin_organisation_id", Q()),
    Table(AGREEMENT, AgreementParticipant, "agreement_id", "agreement__signed_on", "person_id",
          "organisation_id", Q()),
    # every note is a contact, whatever its kind (a call is a contact too)
    Table(NOTE, NoteParticipant, "note_id", "note__date", "person_id", "organisation_id", Q()),
)  # fmt: skip


def _pk(value):
    return getattr(value, "pk", value)


def _who(table: Table, person, organisation, organisations) -> Q | None:
    """The condition on ``table`` for the given parties; None when the table cannot match."""
    condition = Q()
    if person is not None:
        if table.person is None:
            return None
        condition &= Q(**{table.person: _pk(person)})
    if organisation is not None or organisations is not None:
        ids = [_pk(organisation)] if organisation is not None else organisations
        condition &= Q(**{f"{table.organisation}__in": ids})
    return condition


def _tables(occasion: str | None):
    return [t for t in TABLES if occasion is None or t.occasion == occasion]


def occasion_ids(occasion: str, *, person=None, organisation=None, organisations=None) -> QuerySet:
    """Ids of the ``occasion``s (EVENT, DELEGATION, AGREEMENT, NOTE) the person or organisation (or
    any of ``organisations``: ids or a subquery) was involved in: a UNION of indexed lookups,
    usable as ``pk__in`` subquery."""
    parts = []
    for table in _tables(occasion):
        condition = _who(table, person, organisation, organisations)
        if condition is not None:
            parts.append(
                table.model.objects.filter(condition).order_by().values_list(table.occasion_id)
            )
    first, *others = parts
    return first.union(*others) if others else first


def people_involved(*, organisation) -> QuerySet:
    """Ids of the people involved in anything on behalf of ``organisation``: a UNION."""
    first, *others = [
        table.model.objects.filter(**{table.organisation: _pk(organisation)})
        .exclude(**{f"{table.person}__isnull": True})
        .order_by()
        .values_list(table.person)
        for table in person_tables()
    ]
    return first.union(*others)


def contact_rows(organisations: Iterable[int] | None = None) -> list[QuerySet]:
    """The contacts (see the module docstring): one values queryset per involvement table,
    ``contact_org``, ``contact_date``, ``contact_year``; undated ones count nowhere.
    ``organisations`` restricts to those organisation ids. The activity tables are derived
    from these (activity.maintain)."""
    ids = None if organisations is None else list(organisations)
    rows = []
    for table in TABLES:
        condition = table.contact & Q(**{f"{table.organisation}__isnull": False})
        if ids is not None:
            condition &= Q(**{f"{table.organisation}__in": ids})
        rows.append(
            table.model.objects.filter(condition, **{f"{table.date}__isnull": False})
            .order_by()
            .values(
                contact_org=F(table.organisation),
                contact_date=F(table.date),
                contact_year=ExtractYear(table.date),
            )
        )
    return rows


def involved_in(occasion: str, ids) -> tuple[set[int], set[int]]:
    """The people and organisations involved in the given ``occasion``s (ids)."""
    people, organisations = set(), set()
    for table in _tables(occasion):
        columns = [table.person or table.organisation, table.organisation]
        rows = table.model.objects.filter(**{f"{table.occasion_id}__in": list(ids)})
        for person_id, organisation_id in rows.values_list(*columns):
            if table.person:
                people.add(person_id)
            organisations.add(organisation_id)
    return people - {None}, organisations - {None}


def person_tables() -> list[Table]:
    """The involvement tables that can name a person (all but a delegation's origin)."""
    return [table for table in TABLES if table.person is not None]


def involvement_counts(person) -> dict[str, int]:
    """How many involvements the person has, per occasion (EVENT, DELEGATION, AGREEMENT,
    NOTE)."""
    return {
        table.occasion: table.model.objects.filter(person=person).count()
        for table in person_tables()
    }
