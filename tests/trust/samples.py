"""One saved record of every domain model, linked the way real data is."""

from tests import factories


def one_of_each() -> dict:
    """A small connected data set: label -> instance, for every DomainModel subclass."""
    topic = factories.make_topic()
    source = factories.make_source()
    city = factories.make_organisation(name="Musterstadt (Test)", kind="city")
    partner = factories.make_organisation(
        name="Partnerstadt Kōri (Test)", country="JP", kind="city"
    )
    person = factories.make_person(
        given_name="Erika", family_name="Musterfrau", email="erika@example.org"
    )
    affiliation = factories.make_affiliation(person=person, organisation=city, role_title="OB")
    # The person leads the delegation (a member in the role leader), the city organises it.
    delegation = factories.make_delegation(organisers=[city])
    member = factories.make_delegation_member(
        delegation=delegation, person=person, organisation=city, role="leader", role_title="OB"
    )
    agreement = factories.make_agreement(parties=[city, partner])
    signatory = factories.make_signatory(agreement, person=person, party=city)
    event = factories.make_event(delegation=delegation, hosts=[partner])
    participation = factories.make_participation(event=event, person=person, organisation=city)
    followup = factories.make_followup(people=[person], organisations=[partner])
    note = factories.make_note(subject="Telefonat mit Kōri", kind="call")
    note_participant = factories.make_note_participant(
        note=note, person=person, organisation=city, role_title="OB"
    )
    return {
        "people.Topic": topic,
        "people.Source": source,
        "people.Organisation": partner,
        "people.Person": person,
        "people.Affiliation": affiliation,
        "partnerships.Delegation": delegation,
        "partnerships.DelegationMember": member,
        "partnerships.Agreement": agreement,
        "partnerships.AgreementParticipant": signatory,
        "events.Event": event,
        "events.Participation": participation,
        "followups.FollowUp": followup,
        "contacts.ContactNote": note,
        "contacts.NoteParticipant": note_participant,
    }
