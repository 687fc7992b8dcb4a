"""Topics, sources, organisations and people (with their functions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from api.fields import (
    ApproxDateField,
    LinesField,
    RecordField,
    RowsListSerializer,
    WebUrlField,
)
from api.serializers.base import RecordSerializer, StrictInput, django_errors
from people.models import Affiliation, Organisation, Person, Source, Topic

MAX_FUNCTIONS = 200

RECORD_FIELDS = ("id", "created_at", "updated_at")


class TopicSerializer(RecordSerializer):
    class Meta:
        model = Topic
        fields = [*RECORD_FIELDS, "name", "slug", "description"]


class SourceSerializer(RecordSerializer):
    class Meta:
        model = Source
        fields = [
            *RECORD_FIELDS, "publisher", "title", "published_on", "author", "url", "language",
            "reference",
        ]  # fmt: skip


class OrganisationSerializer(RecordSerializer):
    aliases = LinesField()
    parent = RecordField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    sectors = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    sources = RecordField(queryset=Source.objects.all(), many=True, required=False)
    web_url = WebUrlField("people:organisation_detail")

    class Meta:
        model = Organisation
        fields = [
            *RECORD_FIELDS, "web_url", "name", "short_name", "aliases", "kind", "parent",
            "country", "city", "website", "sectors", "description", "sources",
        ]  # fmt: skip


class FunctionSerializer(StrictInput, serializers.Serializer):
    """A person's role at an organisation, for a period (people.models.Affiliation)."""

    organisation = RecordField(queryset=Organisation.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    since = ApproxDateField("since")
    until = ApproxDateField("until")
    is_primary = serializers.BooleanField(required=False)

    class Meta:
        ref_name = "Function"
        list_serializer_class = RowsListSerializer


class PersonSerializer(RecordSerializer):
    full_name = serializers.CharField(read_only=True)
    name_variants = LinesField()
    sources = RecordField(queryset=Source.objects.all(), many=True, required=False)
    functions = FunctionSerializer(
        source="affiliations", many=True, required=False, max_length=MAX_FUNCTIONS
    )
    web_url = WebUrlField("people:person_detail")

    nested = ("affiliations",)

    class Meta:
        model = Person
        fields = [
            *RECORD_FIELDS, "web_url", "full_name", "honorific", "given_name", "family_name",
            "name_variants", "email", "phone", "legal_basis", "notes", "sources", "functions",
        ]  # fmt: skip

    def save_nested(self, person, name, rows):
        """The functions given replace the person's functions (history is kept per row)."""
        person.affiliations.all().delete()
        errors = []
        for row in rows:
            function = Affiliation(person=person, **row)
            try:
                function.full_clean()
            except DjangoValidationError as error:
                errors.append(django_errors(error))
                continue
            function.save()
            errors.append({})
        if any(errors):
            raise serializers.ValidationError({"functions": errors})
