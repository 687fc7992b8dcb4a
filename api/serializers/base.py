"""What every API serializer shares: unknown fields refused, and saving through the model's
own validation in one transaction."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers
from rest_framework.fields import SkipField, get_error_detail
from rest_framework.relations import PKOnlyObject


def django_errors(error: DjangoValidationError) -> dict | list:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): get_error_detail(
                DjangoValidationError(messages)
            )
            for name, messages in error.error_dict.items()
        }
    return get_error_detail(error)


class StrictInput:
    """Input naming a field the serializer does not have is refused, not silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Dieses Feld gibt es nicht.")] for name in unknown}
                )
        return super().to_internal_value(data)


class QuickOutput:
    """DRF's ``to_representation`` with the readable fields looked up once per serializer
    instead of once per row: the same output, a third less time on a page of 50 events
    (the per-row field iteration was most of the serializing; docs/performance.md)."""

    def to_representation(self, instance):
        plan = self.__dict__.get("_output_plan")
        if plan is None:
            plan = self._output_plan = [
                (f.field_name, f.get_attribute, f.to_representation) for f in self._readable_fields
            ]
        row = {}
        for name, get, represent in plan:
            try:
                attribute = get(instance)
            except SkipField:
                continue
            empty = (
                attribute.pk is None if isinstance(attribute, PKOnlyObject) else attribute is None
            )
            row[name] = None if empty else represent(attribute)
        return row


class RecordSerializer(StrictInput, QuickOutput, CountryFieldMixin, serializers.ModelSerializer):
    """A record in and out. Input with fields this resource does not have is refused; saving
    runs the model's own validation (``full_clean``: dates, rules across fields, unique and
    check constraints) as the admin does, in one transaction with the nested rows, so a
    refused write changes nothing. History (with the acting user) and the derived activity
    tables follow from the model's save, as for any other write."""

    nested: tuple[str, ...] = ()  # writable nested lists, saved by save_nested()

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, instance, data: dict):
        many = {}
        nested = {}
        for name in list(data):
            model_field = _model_field(instance, name)
            if name in self.nested:
                nested[name] = data.pop(name)
            elif model_field is not None and model_field.many_to_many:
                many[name] = data.pop(name)
        for name, value in data.items():
            setattr(instance, name, value)
        with transaction.atomic():
            try:
                instance.full_clean()
            except DjangoValidationError as error:
                raise serializers.ValidationError(django_errors(error)) from None
            instance.save()
            for name, values in many.items():
                getattr(instance, name).set(values)
            for name, rows in nested.items():
                self.save_nested(instance, name, rows)
        return instance

    def save_nested(self, instance, name: str, rows: list[dict]) -> None:
        raise NotImplementedError


def _model_field(instance, name):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:  # the columns of an approximate date are set one by one
        return None
