"""Who took part in an occasion, in and out: one shape for the three involvement tables
(people.models.Involvement): person and/or organisation, role, role title then."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from api.fields import RecordField, RowsListSerializer
from api.serializers.base import QuickOutput, StrictInput, django_errors
from people.models import Organisation, Person

MAX_INVOLVEMENTS = 2000  # per occasion and request


def involvement_serializer(model, name: str):
    """A serializer class for one involvement table (its roles are that table's)."""

    class Meta:
        ref_name = name
        list_serializer_class = RowsListSerializer

    attrs = {
        "Meta": Meta,
        "person": RecordField(queryset=Person.objects.all(), allow_null=True, required=False),
        "person_name": serializers.CharField(
            source="person.full_name", read_only=True, allow_null=True
        ),
        "organisation": RecordField(
            queryset=Organisation.objects.all(), allow_null=True, required=False
        ),
        "organisation_name": serializers.CharField(
            source="organisation.name", read_only=True, allow_null=True
        ),
        "role": serializers.ChoiceField(choices=model.role_choices()),
        "role_title": serializers.CharField(max_length=200, required=False, allow_blank=True),
        "validate": _person_or_organisation,
    }
    return type(name, (StrictInput, QuickOutput, serializers.Serializer), attrs)


def _person_or_organisation(self, data):
    if data.get("person") is None and data.get("organisation") is None:
        raise serializers.ValidationError(_("Person, Organisation oder beides angeben."))
    return data


def involvements_field(model, name: str, **kwargs):
    return involvement_serializer(model, name)(
        many=True, required=False, max_length=MAX_INVOLVEMENTS, **kwargs
    )


def replace_involvements(occasion, model, rows: list[dict], name: str) -> None:
    """Make ``occasion``'s involvements exactly ``rows``: rows already there are kept (their
    role title updated), the others created, the missing ones deleted, each through the
    model's own validation and save, so history and the activity tables follow. Errors are
    reported under ``name``, one entry per row."""
    field = model.occasion_field
    wanted = [
        (
            row["person"].pk if row.get("person") else None,
            row["organisation"].pk if row.get("organisation") else None,
            row["role"],
        )
        for row in rows
    ]
    existing = {
        (i.person_id, i.organisation_id, i.role): i
        for i in model.objects.filter(**{field: occasion}).select_related(field)
    }
    for key, involvement in existing.items():
        if key not in wanted:
            involvement.delete()
    errors, seen = [], set()
    for row, key in zip(rows, wanted, strict=True):
        if key in seen:
            errors.append({"non_field_errors": [_("Dieser Eintrag steht doppelt in der Liste.")]})
            continue
        seen.add(key)
        involvement = existing.get(key) or model(
            **{field: occasion},
            person=row.get("person"),
            organisation=row.get("organisation"),
            role=row["role"],
        )
        involvement.role_title = row.get("role_title", involvement.role_title)
        try:
            involvement.full_clean()
        except DjangoValidationError as error:
            errors.append(django_errors(error))
            continue
        involvement.save()
        errors.append({})
    if any(errors):
        raise serializers.ValidationError({name: errors})
