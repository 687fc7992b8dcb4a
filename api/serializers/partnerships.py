"""Delegations (with their members) and agreements (parties, signatories, chain)."""

from __future__ import annotations

from rest_framework import serializers

from api.fields import (
    ApproxDateField,
    AttachedCountField,
    RecordField,
    WebUrlField,
    attached,
)
from api.serializers.base import RecordSerializer
from api.serializers.involvements import involvements_field, replace_involvements
from api.serializers.people import RECORD_FIELDS
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.models import Organisation, Source, Topic

HEAD_COUNT_FIELDS = ("head_count", "head_count_approx", "head_count_label")


class DelegationSerializer(RecordSerializer):
    origin_organisation = RecordField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    start = ApproxDateField("start")
    end = ApproxDateField("end")
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    sources = RecordField(queryset=Source.objects.all(), many=True, required=False)
    members = involvements_field(DelegationMember, "DelegationMember")
    web_url = WebUrlField("partnerships:delegation_detail")

    nested = ("members",)

    class Meta:
        model = Delegation
        fields = [
            *RECORD_FIELDS, "web_url", "title", "direction", "origin_country", "origin_city",
            "origin_organisation", "destination_country", "destination_city", "start", "end",
            "purpose", *HEAD_COUNT_FIELDS, "topics", "sources", "members",
        ]  # fmt: skip

    def save_nested(self, delegation, name, rows):
        replace_involvements(delegation, DelegationMember, rows, name)


class DelegationSummarySerializer(DelegationSerializer):
    """A delegation in a list: the number of members instead of all of them."""

    member_count = AttachedCountField()

    class Meta(DelegationSerializer.Meta):
        fields = [f for f in DelegationSerializer.Meta.fields if f != "members"] + ["member_count"]


class AgreementSerializer(RecordSerializer):
    signed_on = ApproxDateField("signed_on")
    valid_from = ApproxDateField("valid_from")
    valid_until = ApproxDateField("valid_until")
    supplements = RecordField(queryset=Agreement.objects.all(), allow_null=True, required=False)
    chain = serializers.SerializerMethodField(
        help_text="The agreements this one builds on, oldest first, ending with this one (ids)."
    )
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    sources = RecordField(queryset=Source.objects.all(), many=True, required=False)
    participants = involvements_field(AgreementParticipant, "AgreementParticipant")
    parties = serializers.SerializerMethodField(
        help_text="Ids of the organisations that are party."
    )
    signatories = serializers.SerializerMethodField(help_text="Ids of the people who signed.")
    web_url = WebUrlField("partnerships:agreement_detail")

    nested = ("participants",)

    class Meta:
        model = Agreement
        fields = [
            *RECORD_FIELDS, "web_url", "title", "kind", "status", "signed_on", "signed_place",
            "supplements", "chain", "valid_from", "valid_until", "description", "topics",
            "sources", "participants", "parties", "signatories",
        ]  # fmt: skip

    def get_chain(self, record) -> list[int]:
        return [a.pk for a in record.chain()]

    def get_parties(self, record) -> list[int]:
        return [org for role, _person, org in _participants(record) if role == "party"]

    def get_signatories(self, record) -> list[int]:
        return [person for role, person, _org in _participants(record) if role == "signatory"]

    def save_nested(self, agreement, name, rows):
        replace_involvements(agreement, AgreementParticipant, rows, name)


def _participants(agreement) -> list[tuple]:
    """(role, person id, organisation id) of each participant, from the attached rows."""
    rows = attached(agreement, "participants")
    if rows is None:
        return list(
            agreement.participants.order_by("role", "pk").values_list(
                "role", "person_id", "organisation_id"
            )
        )
    return [(row["role"], row["person"], row["organisation"]) for row in rows]
