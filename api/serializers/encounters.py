"""Who met whom: one row per encounter (events.encounters.Encounter), read only."""

from __future__ import annotations

from rest_framework import serializers

from api.fields import ApproxDateValueField
from events import encounters


class EncounterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=encounters.KINDS, read_only=True, help_text="Who met: people or organisations."
    )
    who = serializers.IntegerField(source="who_id", read_only=True)
    who_name = serializers.CharField(source="person", read_only=True)
    met = serializers.IntegerField(source="met_id", read_only=True)
    met_name = serializers.CharField(source="met", read_only=True)
    met_for = serializers.IntegerField(
        source="met_for_id",
        read_only=True,
        allow_null=True,
        help_text="The organisation the met person acted for (people only).",
    )
    met_for_name = serializers.CharField(source="met_for", read_only=True)
    event = serializers.IntegerField(source="event_id", read_only=True)
    event_title = serializers.CharField(source="event", read_only=True)
    date = ApproxDateValueField()
    place = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "Encounter"
