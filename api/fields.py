"""The API's own field types: approximate dates, record ids, page links, line lists, and
nested lists that show rows read for a whole page (api.rows)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from core.approxdate import ApproxDate, Precision
from core.links import record_url
from core.listing.filters import MAX_ID

ROWS_ATTRIBUTE = "_api_rows"

APPROX_DATE_KEYS = {"value", "precision", "approximate", "edtf", "text"}


def approx_date_json(value, precision: str, approximate: bool) -> dict:
    """An approximate date as the API writes it, from its three stored columns."""
    return _approx_date_json(value, precision, approximate, get_language())


@lru_cache(maxsize=4096)  # a page repeats few dates; the text costs translation lookups
def _approx_date_json(value, precision: str, approximate: bool, language: str) -> dict:
    date = ApproxDate(value, precision, approximate)
    return {
        "value": date.value.isoformat() if date.value else None,
        "precision": date.precision,
        "approximate": date.approximate,
        "edtf": date.edtf(),
        "text": str(date),
    }


class ApproxDateField(serializers.Field):
    """One approximate date (three model columns ``x``, ``x_precision``, ``x_approx``).

    Out: ``{"value": "2022-01-01", "precision": "quarter", "approximate": false,
    "edtf": "2022-33", "text": "Q1 2022"}``; ``value`` is the first day of the period, never
    a day the source does not give. In: the same object (``value`` and ``precision``, with
    ``approximate``; ``edtf`` and ``text`` are ignored), or an EDTF string, or null for an
    unknown date.
    """

    default_error_messages = {
        "invalid": gettext_lazy(
            "Erwartet wird ein Objekt {{value, precision, approximate}}, ein EDTF-Text oder null."
        ),
    }

    def __init__(self, column: str, **kwargs):
        self.column = column
        kwargs["source"] = "*"
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        if self.field_name not in dictionary:
            return serializers.empty
        return dictionary[self.field_name]

    def validate_empty_values(self, data):
        if data is None:
            return True, self._columns(ApproxDate.unknown())
        return super().validate_empty_values(data)

    def to_representation(self, instance):
        return approx_date_json(
            getattr(instance, self.column),
            getattr(instance, f"{self.column}_precision"),
            getattr(instance, f"{self.column}_approx"),
        )

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                return self._columns(ApproxDate.from_edtf(data))
            except ValueError as error:
                raise serializers.ValidationError(str(error)) from None
        if not isinstance(data, dict):
            self.fail("invalid")
        unknown = set(data) - APPROX_DATE_KEYS
        if unknown:
            raise serializers.ValidationError(
                _("Unbekannte Angaben: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
            )
        return self._columns(self._read_object(data))

    def _read_object(self, data: dict) -> ApproxDate:
        precision, value = data.get("precision", Precision.UNKNOWN), data.get("value")
        approximate = data.get("approximate", False)
        if precision not in Precision.values:
            raise serializers.ValidationError(
                {"precision": _("Erlaubt: %(values)s.") % {"values": ", ".join(Precision.values)}}
            )
        if not isinstance(approximate, bool):
            raise serializers.ValidationError({"approximate": _("Erwartet: true oder false.")})
        if value is None:
            if precision != Precision.UNKNOWN:
                raise serializers.ValidationError(
                    {"value": _("Diese Genauigkeit braucht ein Datum.")}
                )
            return ApproxDate.unknown()
        if precision == Precision.UNKNOWN:
            raise serializers.ValidationError(
                {"precision": _("Ein Datum braucht eine Genauigkeit.")}
            )
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None or len(value) != 10:
            raise serializers.ValidationError({"value": _("Ein Tag im Format JJJJ-MM-TT.")})
        start = ApproxDate.period_start(day, precision)
        if start != day:
            # The first day of the period stands for it; any other day would be moved
            # silently, and a day the source does not give must not look given.
            raise serializers.ValidationError(
                {
                    "value": _(
                        "Bei dieser Genauigkeit steht der erste Tag des Zeitraums für ihn: "
                        "%(start)s (oder Genauigkeit „day“)."
                    )
                    % {"start": start.isoformat()}
                }
            )
        return ApproxDate(day, precision, approximate)

    def _columns(self, date: ApproxDate) -> dict:
        return {
            self.column: date.value,
            f"{self.column}_precision": date.precision,
            f"{self.column}_approx": date.approximate if date.is_known else False,
        }


class RecordField(serializers.PrimaryKeyRelatedField):
    """The id of a related record; an id beyond the database's integers is simply unknown.
    With ``many=True``, a list of ids that can come from api.rows.related_ids."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return RowsManyRelatedField(**list_kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int) or not 1 <= data <= MAX_ID:
            if isinstance(data, int) and not isinstance(data, bool):
                self.fail("does_not_exist", pk_value=data)
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class WebUrlField(serializers.CharField):
    """The address of the record's page in the CRM (relative to the site)."""

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return record_url(self.url_name, instance.pk)


class ApproxDateValueField(ApproxDateField):
    """A read-only approximate date held as one ApproxDate attribute of the same name."""

    def __init__(self, **kwargs):
        super().__init__(column="", read_only=True, **kwargs)

    def to_representation(self, instance):
        date = getattr(instance, self.field_name)
        return approx_date_json(date.value, date.precision, date.approximate)


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class LinesField(serializers.ListField):
    """A text column with one entry per line (aliases, name variants), as a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=200))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def to_representation(self, data):
        return lines(data or "")

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if any("\n" in v or "\r" in v for v in values):
            raise serializers.ValidationError(_("Ein Eintrag darf keinen Zeilenumbruch enthalten."))
        return "\n".join(v.strip() for v in values if v.strip())


def attached(instance, name: str):
    """The rows attach() read for ``name``, or None."""
    return instance.__dict__.get(ROWS_ATTRIBUTE, {}).get(name)


class RowsListSerializer(serializers.ListSerializer):
    """A nested list that shows the rows attach() read, when there are any."""

    def get_attribute(self, instance):
        rows = attached(instance, self.field_name)
        return super().get_attribute(instance) if rows is None else rows

    def to_representation(self, data):
        if isinstance(data, list) and all(isinstance(row, dict) for row in data):
            return data
        return super().to_representation(data)


class RowsManyRelatedField(serializers.ManyRelatedField):
    """A many-to-many field shown as the ids attach() read, when there are any."""

    def get_attribute(self, instance):
        rows = attached(instance, self.field_name)
        return super().get_attribute(instance) if rows is None else rows

    def to_representation(self, iterable):
        if isinstance(iterable, list) and all(isinstance(pk, int) for pk in iterable):
            return iterable
        return super().to_representation(iterable)


class AttachedCountField(serializers.IntegerField):
    """A number attach() read for the whole page (how many participants …)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, min_value=0, **kwargs)

    def to_representation(self, instance):
        return attached(instance, self.field_name) or 0
