"""Plain factory functions for tests: each makes one valid saved record, defaults overridable."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from contacts.models import ContactNote, NoteParticipant
from core.approxdate import ApproxDate
from events.models import Event, Participation
from followups.models import FollowUp
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.models import Affiliation, Organisation, Person, Source, Topic

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_topic(**kw) -> Topic:
    n = _n()
    kw.setdefault("name", f"Thema {n}")
    kw.setdefault("slug", f"thema-{n}")
    return Topic.objects.create(**kw)


def make_source(**kw) -> Source:
    n = _n()
    kw.setdefault("publisher", "Stadt Essen")
    kw.setdefault("title", f"Artikel {n}")
    kw.setdefault("reference", f"artikel-{n}")
    return Source.objects.create(**kw)


def make_organisation(**kw) -> Organisation:
    kw.setdefault("name", f"Organisation {_n()}")
    kw.setdefault("kind", Organisation.Kind.COMPANY)
    kw.setdefault("country", "DE")
    return Organisation.objects.create(**kw)


def make_person(**kw) -> Person:
    n = _n()
    kw.setdefault("given_name", f"Vorname{n}")
    kw.setdefault("family_name", f"Nachname{n}")
    return Person.objects.create(**kw)


def make_affiliation(person=None, organisation=None, **kw) -> Affiliation:
    return Affiliation.objects.create(
        person=person or make_person(), organisation=organisation or make_organisation(), **kw
    )


def _with_date(kw: dict, field: str, value):
    if isinstance(value, str | None):
        value = ApproxDate.parse(value)
    kw[field] = value.value
    kw[f"{field}_precision"] = value.precision
    kw[f"{field}_approx"] = value.approximate


def make_delegation(start="2018-11-15", leader=None, organisers=(), **kw) -> Delegation:
    """A delegation; ``leader`` and ``organisers`` become members in those roles."""
    kw.setdefault("title", f"Delegation {_n()}")
    _with_date(kw, "start", start)
    delegation = Delegation.objects.create(**kw)
    if leader is not None:
        DelegationMember.objects.create(delegation=delegation, person=leader, role="leader")
    for organisation in organisers:
        DelegationMember.objects.create(
            delegation=delegation, organisation=organisation, role="organiser"
        )
    return delegation


def make_event(start="2018-11-16", hosts=(), **kw) -> Event:
    """An event; each of ``hosts`` (organisations) takes part in the role host."""
    kw.setdefault("title", f"Veranstaltung {_n()}")
    _with_date(kw, "start", start)
    event = Event.objects.create(**kw)
    for organisation in hosts:
        add_host(event, organisation)
    return event


def add_host(event, organisation) -> Participation:
    return Participation.objects.create(event=event, organisation=organisation, role="host")


def make_participation(event=None, person=None, organisation=None, **kw) -> Participation:
    if person is None and organisation is None:
        person = make_person()
    return Participation.objects.create(
        event=event or make_event(), person=person, organisation=organisation, **kw
    )


def make_delegation_member(delegation=None, person=None, organisation=None, **kw):
    if person is None and organisation is None:
        person = make_person()
    return DelegationMember.objects.create(
        delegation=delegation or make_delegation(), person=person, organisation=organisation, **kw
    )


def make_agreement(signed="2018-11-16", parties=(), **kw) -> Agreement:
    kw.setdefault("title", f"Vereinbarung {_n()}")
    kw.setdefault("kind", Agreement.Kind.MOU)
    _with_date(kw, "signed_on", signed)
    agreement = Agreement.objects.create(**kw)
    for organisation in parties:
        make_party(agreement, organisation)
    return agreement


def make_party(agreement, organisation) -> AgreementParticipant:
    party, _created = AgreementParticipant.objects.get_or_create(
        agreement=agreement, organisation=organisation, person=None, role="party"
    )
    return party


def make_signatory(agreement, person=None, party=None, **kw) -> AgreementParticipant:
    """A person signing for ``party``, which becomes a party of the agreement if it is not."""
    party = party or make_organisation()
    make_party(agreement, party)
    return AgreementParticipant.objects.create(
        agreement=agreement,
        person=person or make_person(),
        organisation=party,
        role="signatory",
        **kw,
    )


def inline_forms(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data of an admin inline formset: the management form and one form per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def make_followup(owner=None, people=(), organisations=(), **kw) -> FollowUp:
    """An open follow-up due in a week; its owner a user of its own unless given."""
    if owner is None:
        owner = get_user_model().objects.create(username=f"zustaendig-{_n()}")
    kw.setdefault("subject", f"Wiedervorlage {_n()}")
    kw.setdefault("due_on", dt.date.today() + dt.timedelta(days=7))
    followup = FollowUp.objects.create(owner=owner, **kw)
    followup.people.set(people)
    followup.organisations.set(organisations)
    return followup


def make_note(people=(), organisations=(), staff=(), **kw) -> ContactNote:
    """A meeting note of 5 March 2024 with the people and organisations (each alone) given."""
    kw.setdefault("date", dt.date(2024, 3, 5))
    kw.setdefault("subject", f"Gesprächsnotiz {_n()}")
    note = ContactNote.objects.create(**kw)
    note.staff.set(staff)
    for person in people:
        NoteParticipant.objects.create(note=note, person=person)
    for organisation in organisations:
        NoteParticipant.objects.create(note=note, organisation=organisation)
    return note


def make_note_participant(note=None, person=None, organisation=None, **kw) -> NoteParticipant:
    if person is None and organisation is None:
        person = make_person()
    return NoteParticipant.objects.create(
        note=note or make_note(), person=person, organisation=organisation, **kw
    )
