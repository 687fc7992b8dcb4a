"""Events with their participants."""

from __future__ import annotations

from api.fields import ApproxDateField, AttachedCountField, RecordField, WebUrlField
from api.serializers.base import RecordSerializer
from api.serializers.involvements import involvements_field, replace_involvements
from api.serializers.partnerships import HEAD_COUNT_FIELDS
from api.serializers.people import RECORD_FIELDS
from events.models import Event, Participation
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Source, Topic


class EventSerializer(RecordSerializer):
    start = ApproxDateField("start")
    end = ApproxDateField("end")
    venue = RecordField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    delegation = RecordField(queryset=Delegation.objects.all(), allow_null=True, required=False)
    agreements = RecordField(queryset=Agreement.objects.all(), many=True, required=False)
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    sources = RecordField(queryset=Source.objects.all(), many=True, required=False)
    participants = involvements_field(Participation, "Participant", source="participations")
    web_url = WebUrlField("events:event_detail")

    nested = ("participations",)

    class Meta:
        model = Event
        fields = [
            *RECORD_FIELDS, "web_url", "title", "kind", "status", "start", "end", "venue",
            "venue_name", "city", "country", "delegation", "agreements", "topics",
            "description", *HEAD_COUNT_FIELDS, "sources", "participants",
        ]  # fmt: skip

    def save_nested(self, event, name, rows):
        replace_involvements(event, Participation, rows, "participants")


class EventSummarySerializer(EventSerializer):
    """An event in a list: the number of participants instead of all of them (the event's
    own address has them). At L a page of 50 events holds about 1,400 participations."""

    participant_count = AttachedCountField()

    class Meta(EventSerializer.Meta):
        fields = [f for f in EventSerializer.Meta.fields if f != "participants"] + [
            "participant_count"
        ]
