"""Many rows fast (bulk_create), for query-count tests: an N+1 would show at this size.

bulk_create sends no signals, so the derived activity tables are rebuilt at the end (as
seed_demo does)."""

import datetime as dt

from activity.maintain import rebuild
from core.approxdate import ApproxDate
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.models import Organisation, Person, Source, Topic


def build_many(n: int = 60, *, prefix: str = "Massen") -> dict:
    """``n`` of each kind of record, all linked to each other, spread over 2016–2025."""
    topics = Topic.objects.bulk_create(
        Topic(name=f"{prefix}thema {i}", slug=f"{prefix.lower()}-thema-{i}") for i in range(8)
    )
    source = Source.objects.create(publisher="Test", title=prefix, reference=f"{prefix}-quelle")
    orgs = []
    for i in range(n):
        org = Organisation(
            name=f"{prefix} Organisation {i}",
            country=["JP", "DE", "US", "CA"][i % 4],
            city=["Koriyama", "Essen", "Dortmund"][i % 3],
        )
        org.refresh_search_text()
        orgs.append(org)
    orgs = Organisation.objects.bulk_create(orgs)
    people = []
    for i in range(n):
        person = Person(given_name=f"Vorname{i}", family_name=f"{prefix}{i}")
        person.refresh_search_text()
        people.append(person)
    people = Person.objects.bulk_create(people)

    def day(i):
        return dt.date(2016 + i % 10, 1 + i % 12, 1 + i % 28)

    delegations = Delegation.objects.bulk_create(
        Delegation(
            title=f"{prefix} Delegation {i}",
            direction=["incoming", "outgoing"][i % 2],
            origin_country=["JP", "DE"][i % 2],
            destination_country=["DE", "JP", "US"][i % 3],
            origin_city="Koriyama",
            origin_organisation=orgs[i],
            start=day(i),
            start_precision="day",
        )
        for i in range(n)
    )
    events = Event.objects.bulk_create(
        Event(
            title=f"{prefix} Veranstaltung {i}",
            kind=[k for k, _ in Event.Kind.choices][i % 11],
            status=["held", "held", "planned", "cancelled"][i % 4],
            start=day(i),
            start_precision=["day", "month", "year"][i % 3],
            city="Koriyama",
            country="JP",
            delegation=delegations[i],
            venue=orgs[(i + 1) % n],
        )
        for i in range(n)
    )
    for (
        event
    ) in events:  # bulk_create skips normalisation; store the period start as the model does
        event.start = ApproxDate.period_start(event.start, event.start_precision)
    Event.objects.bulk_update(events, ["start"])
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"{prefix} Vereinbarung {i}",
            kind="mou",
            status=["active", "expired", "planned"][i % 3],
            signed_on=day(i),
            signed_on_precision="day",
        )
        for i in range(n)
    )
    for i, agreement in enumerate(agreements[1:], start=1):
        agreement.supplements = agreements[i - 1] if i % 5 else None
    Agreement.objects.bulk_update(agreements, ["supplements"])
    Participation.objects.bulk_create(
        Participation(
            event=events[i],
            person=people[(i + k) % n],
            organisation=orgs[(i + k) % n],
            role="guest",
        )
        for i in range(n)
        for k in range(4)
    )
    Participation.objects.bulk_create(
        Participation(event=e, organisation=orgs[i], role="host") for i, e in enumerate(events)
    )
    DelegationMember.objects.bulk_create(
        DelegationMember(
            delegation=delegations[i],
            person=people[(i + k) % n],
            organisation=orgs[(i + k) % n],
            role="member",
        )
        for i in range(n)
        for k in range(1, 3)
    )
    DelegationMember.objects.bulk_create(
        DelegationMember(delegation=d, person=people[i], role="leader")
        for i, d in enumerate(delegations)
    )
    DelegationMember.objects.bulk_create(
        DelegationMember(delegation=d, organisation=orgs[(i + 2) % n], role="organiser")
        for i, d in enumerate(delegations)
    )
    AgreementParticipant.objects.bulk_create(
        AgreementParticipant(agreement=agreements[i], organisation=orgs[(i + k) % n], role="party")
        for i in range(n)
        for k in range(2)
    )
    AgreementParticipant.objects.bulk_create(
        AgreementParticipant(
            agreement=agreements[i], person=people[i], organisation=orgs[i], role="signatory"
        )
        for i in range(n)
    )
    for model, records in ((Event, events), (Delegation, delegations), (Agreement, agreements)):
        model.topics.through.objects.bulk_create(
            model.topics.through(**{model._meta.model_name: r, "topic": topics[i % 8]})
            for i, r in enumerate(records)
        )
        model.sources.through.objects.bulk_create(
            model.sources.through(**{model._meta.model_name: r, "source": source}) for r in records
        )
    Event.agreements.through.objects.bulk_create(
        Event.agreements.through(event=e, agreement=agreements[i]) for i, e in enumerate(events)
    )
    rebuild()
    return {
        "organisations": orgs,
        "people": people,
        "events": events,
        "agreements": agreements,
        "delegations": delegations,
    }
