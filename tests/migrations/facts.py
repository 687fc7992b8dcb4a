"""Every stored fact of "who took part in what", by natural keys (names, titles, dates), read
from the schema before the involvement tables (``old_facts``) or after (``new_facts``).

Both take an app registry (a migration state's or the live one), so the same definitions read
a database before and after ``migrate``, and a database filled by the current importer.
"""

from __future__ import annotations

from collections import Counter

COUNTED = [
    "people.Organisation", "people.Person", "people.Affiliation", "people.Source",
    "people.Topic", "partnerships.Delegation", "partnerships.Agreement", "events.Event",
]  # fmt: skip


class Keys:
    """Natural keys of the records, read once."""

    def __init__(self, apps):
        get = apps.get_model
        self.organisation = dict(get("people", "Organisation").objects.values_list("pk", "name"))
        self.person = {
            pk: f"{given} {family}"
            for pk, given, family in get("people", "Person").objects.values_list(
                "pk", "given_name", "family_name"
            )
        }
        self.event = {
            pk: f"{title} @ {start}"
            for pk, title, start in get("events", "Event").objects.values_list(
                "pk", "title", "start"
            )
        }
        self.delegation = dict(get("partnerships", "Delegation").objects.values_list("pk", "title"))
        self.agreement = dict(get("partnerships", "Agreement").objects.values_list("pk", "title"))

    def org(self, pk):
        return self.organisation.get(pk) if pk else None

    def who(self, pk):
        return self.person.get(pk) if pk else None


def _common(apps, keys: Keys) -> dict:
    facts = {
        "counts": {
            label: apps.get_model(label).objects.count() for label in COUNTED
        },
        "participations": Counter(
            (keys.event[e], keys.who(p), keys.org(o), role, title)
            for e, p, o, role, title in apps.get_model("events", "Participation")
            .objects.exclude(role="host")
            .values_list("event_id", "person_id", "organisation_id", "role", "role_title")
        ),
        "host_people": {
            (keys.event[e], keys.who(p), keys.org(o), title)
            for e, p, o, title in apps.get_model("events", "Participation")
            .objects.filter(role="host", person__isnull=False)
            .values_list("event_id", "person_id", "organisation_id", "role_title")
        },
    }
    hosts = apps.get_model("events", "Participation").objects.filter(
        role="host", organisation__isnull=False
    )
    facts["hosts"] = {
        (keys.event[e], keys.org(o)) for e, o in hosts.values_list("event_id", "organisation_id")
    }
    members = apps.get_model("partnerships", "DelegationMember").objects
    facts["delegation_people"] = {
        (keys.delegation[d], keys.who(p), keys.org(o), title)
        for d, p, o, title in members.filter(person__isnull=False).values_list(
            "delegation_id", "person_id", "organisation_id", "role_title"
        )
    }
    facts["delegation_organisations"] = {
        (keys.delegation[d], keys.org(o))
        for d, o in members.filter(person__isnull=True).values_list(
            "delegation_id", "organisation_id"
        )
    }
    facts["leaders"] = {
        (keys.delegation[d], keys.who(p))
        for d, p in members.filter(role="leader").values_list("delegation_id", "person_id")
    }
    facts["organisers"] = {
        (keys.delegation[d], keys.who(p), keys.org(o) if p is None else None)
        for d, p, o in members.filter(role="organiser").values_list(
            "delegation_id", "person_id", "organisation_id"
        )
    }
    return facts


def old_facts(apps) -> dict:
    keys = Keys(apps)
    facts = _common(apps, keys)
    Event = apps.get_model("events", "Event")
    facts["hosts"] |= {
        (keys.event[e], keys.org(o))
        for e, o in Event.hosts.through.objects.values_list("event_id", "organisation_id")
    }
    Delegation = apps.get_model("partnerships", "Delegation")
    leaders = Delegation.objects.exclude(leader=None).values_list("pk", "leader_id")
    facts["leaders"] |= {(keys.delegation[d], keys.who(p)) for d, p in leaders}
    listed = {(d, p) for d, p, *_rest in facts["delegation_people"]}
    facts["delegation_people"] |= {
        (keys.delegation[d], keys.who(p), None, "")
        for d, p in leaders
        if (keys.delegation[d], keys.who(p)) not in listed
    }
    organisers = Delegation.organisers.through.objects.values_list(
        "delegation_id", "organisation_id"
    )
    facts["organisers"] |= {(keys.delegation[d], None, keys.org(o)) for d, o in organisers}
    # One role per person (or organisation alone) and delegation, leader before organiser: a
    # leader who also organised is stored as the leader (documented in docs/involvement.md).
    org_leaders = {
        (keys.delegation[d], None, keys.org(o))
        for d, o in apps.get_model("partnerships", "DelegationMember")
        .objects.filter(role="leader", person__isnull=True)
        .values_list("delegation_id", "organisation_id")
    }
    facts["organisers"] = {
        (d, p, o)
        for d, p, o in facts["organisers"]
        if (d, p) not in facts["leaders"] or p is None
        if (d, p, o) not in org_leaders
    }
    facts["delegation_organisations"] |= {(keys.delegation[d], keys.org(o)) for d, o in organisers}
    parties = apps.get_model("partnerships", "AgreementParty").objects.values_list(
        "agreement_id", "organisation_id"
    )
    signatories = apps.get_model("partnerships", "Signatory").objects.values_list(
        "agreement_id", "person_id", "party_id", "role_title"
    )
    facts["parties"] = {(keys.agreement[a], keys.org(o)) for a, o in parties} | {
        (keys.agreement[a], keys.org(o)) for a, _p, o, _t in signatories
    }
    facts["signatories"] = {
        (keys.agreement[a], keys.who(p), keys.org(o), t) for a, p, o, t in signatories
    }
    return facts


def new_facts(apps) -> dict:
    keys = Keys(apps)
    facts = _common(apps, keys)
    participants = apps.get_model("partnerships", "AgreementParticipant").objects
    facts["parties"] = {
        (keys.agreement[a], keys.org(o))
        for a, o in participants.filter(role="party").values_list("agreement_id", "organisation_id")
    }
    facts["signatories"] = {
        (keys.agreement[a], keys.who(p), keys.org(o), t)
        for a, p, o, t in participants.filter(role="signatory").values_list(
            "agreement_id", "person_id", "organisation_id", "role_title"
        )
    }
    return facts
