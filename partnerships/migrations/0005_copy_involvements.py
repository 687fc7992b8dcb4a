"""Carry every stored fact into the involvement tables, once each.

* A delegation's leader becomes a member in the role ``leader`` (the member row if the leader
  was listed as a member already, a new row otherwise).
* Each organiser becomes an organisation-only member in the role ``organiser`` (an existing
  organisation-only member row of the same organisation takes that role).
* Agreement parties and signatories become agreement participants; a signatory signs for its
  party (``organisation``), which is a party as ``Signatory.save()`` guaranteed.
* The change history of parties and signatories is copied with them.

Backwards, the roles go back to the old places (the history copy is not undone).
"""

from django.db import migrations

LEADER, MEMBER, ORGANISER = "leader", "member", "organiser"
PARTY, SIGNATORY = "party", "signatory"
HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def copy_delegation_roles(apps, schema_editor):
    Delegation = apps.get_model("partnerships", "Delegation")
    DelegationMember = apps.get_model("partnerships", "DelegationMember")
    for delegation in Delegation.objects.exclude(leader=None).iterator():
        member = DelegationMember.objects.filter(
            delegation=delegation, person_id=delegation.leader_id
        ).first()
        if member is None:
            DelegationMember.objects.create(
                delegation=delegation, person_id=delegation.leader_id, role=LEADER
            )
        elif member.role != LEADER:
            member.role = LEADER
            member.save(update_fields=["role"])
    through = Delegation.organisers.through
    for link in through.objects.order_by("pk").iterator():
        member = DelegationMember.objects.filter(
            delegation_id=link.delegation_id,
            organisation_id=link.organisation_id,
            person__isnull=True,
        ).first()
        if member is None:
            DelegationMember.objects.create(
                delegation_id=link.delegation_id,
                organisation_id=link.organisation_id,
                role=ORGANISER,
            )
        elif member.role == MEMBER:
            member.role = ORGANISER
            member.save(update_fields=["role"])


def copy_agreement_participants(apps, schema_editor):
    AgreementParty = apps.get_model("partnerships", "AgreementParty")
    Signatory = apps.get_model("partnerships", "Signatory")
    Participant = apps.get_model("partnerships", "AgreementParticipant")
    stamps = ("created_at", "updated_at")
    parties = set()
    rows = []
    for party in AgreementParty.objects.order_by("pk").iterator():
        parties.add((party.agreement_id, party.organisation_id))
        rows.append(
            Participant(
                agreement_id=party.agreement_id,
                organisation_id=party.organisation_id,
                role=PARTY,
                **{name: getattr(party, name) for name in stamps},
            )
        )
    for signatory in Signatory.objects.order_by("pk").iterator():
        key = (signatory.agreement_id, signatory.party_id)
        if key not in parties:
            parties.add(key)
            rows.append(
                Participant(
                    agreement_id=signatory.agreement_id,
                    organisation_id=signatory.party_id,
                    role=PARTY,
                    **{name: getattr(signatory, name) for name in stamps},
                )
            )
        rows.append(
            Participant(
                agreement_id=signatory.agreement_id,
                organisation_id=signatory.party_id,
                person_id=signatory.person_id,
                role=SIGNATORY,
                role_title=signatory.role_title,
                **{name: getattr(signatory, name) for name in stamps},
            )
        )
    Participant.objects.bulk_create(rows, batch_size=2000)


def copy_participant_history(apps, schema_editor):
    HistoricalParty = apps.get_model("partnerships", "HistoricalAgreementParty")
    HistoricalSignatory = apps.get_model("partnerships", "HistoricalSignatory")
    Historical = apps.get_model("partnerships", "HistoricalAgreementParticipant")
    Participant = apps.get_model("partnerships", "AgreementParticipant")
    ids = {
        (p.agreement_id, p.organisation_id, p.person_id, p.role): p.pk
        for p in Participant.objects.all()
    }
    rows = []
    for old in HistoricalParty.objects.order_by("history_id").iterator():
        key = (old.agreement_id, old.organisation_id, None, PARTY)
        rows.append(_historical(Historical, old, ids.get(key, 0), key, ""))
    for old in HistoricalSignatory.objects.order_by("history_id").iterator():
        key = (old.agreement_id, old.party_id, old.person_id, SIGNATORY)
        rows.append(_historical(Historical, old, ids.get(key, 0), key, old.role_title))
    Historical.objects.bulk_create(rows, batch_size=2000)


def _historical(Historical, old, pk, key, role_title):
    agreement_id, organisation_id, person_id, role = key
    return Historical(
        id=pk,  # 0: the row no longer exists (its history stays readable)
        agreement_id=agreement_id,
        organisation_id=organisation_id,
        person_id=person_id,
        role=role,
        role_title=role_title,
        created_at=old.created_at,
        updated_at=old.updated_at,
        **{name: getattr(old, name) for name in HISTORY_FIELDS},
    )


def restore_delegation_roles(apps, schema_editor):
    Delegation = apps.get_model("partnerships", "Delegation")
    DelegationMember = apps.get_model("partnerships", "DelegationMember")
    for member in DelegationMember.objects.filter(role=LEADER, person__isnull=False):
        Delegation.objects.filter(pk=member.delegation_id).update(leader_id=member.person_id)
    organisers = DelegationMember.objects.filter(role=ORGANISER, person__isnull=True)
    Delegation.organisers.through.objects.bulk_create(
        [
            Delegation.organisers.through(delegation_id=d, organisation_id=o)
            for d, o in organisers.values_list("delegation_id", "organisation_id")
        ]
    )
    organisers.delete()


def restore_agreement_participants(apps, schema_editor):
    AgreementParty = apps.get_model("partnerships", "AgreementParty")
    Signatory = apps.get_model("partnerships", "Signatory")
    Participant = apps.get_model("partnerships", "AgreementParticipant")
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement_id=p.agreement_id, organisation_id=p.organisation_id)
        for p in Participant.objects.filter(role=PARTY)
    )
    Signatory.objects.bulk_create(
        Signatory(
            agreement_id=p.agreement_id,
            person_id=p.person_id,
            party_id=p.organisation_id,
            role_title=p.role_title,
        )
        for p in Participant.objects.filter(role=SIGNATORY)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0004_involvements"),
    ]

    operations = [
        migrations.RunPython(copy_delegation_roles, restore_delegation_roles, elidable=False),
        migrations.RunPython(
            copy_agreement_participants, restore_agreement_participants, elidable=False
        ),
        migrations.RunPython(copy_participant_history, migrations.RunPython.noop, elidable=False),
    ]
