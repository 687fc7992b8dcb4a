"""Choice labels and country names, translated once per language instead of once per row.

``get_FOO_display()`` rebuilds and translates the field's choices on every call, and
django-countries looks a name up through several layers; on a list page or report of
thousands of rows that was a large share of the time.
"""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps
from django.utils.translation import get_language
from django_countries import countries


@lru_cache(maxsize=64)
def _choice_labels(choices: type, language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type, value) -> str:
    """The label of ``value`` in a TextChoices class (the value itself if unknown)."""
    return _choice_labels(choices, get_language()).get(value, value or "")


@lru_cache(maxsize=256)
def _field_labels(model_label: str, field_name: str, language: str) -> dict[str, str]:
    field = apps.get_model(model_label)._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


def field_label(instance, field_name: str) -> str:
    """``instance.get_<field_name>_display()``, from the per-language cache."""
    value = getattr(instance, field_name)
    labels = _field_labels(instance._meta.label, field_name, get_language())
    return labels.get(value, value or "")


@lru_cache(maxsize=16)
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name)) for code, name in countries)


def country_choices() -> tuple[tuple[str, str], ...]:
    """(ISO code, name) of every country, sorted by name in the active language."""
    return _countries(get_language())


@lru_cache(maxsize=16)
def _country_names(language: str) -> dict[str, str]:
    return dict(_countries(language))


def country_name(code) -> str:
    """The name of an ISO code or CountryField value in the active language ("" if empty)."""
    if not code:
        return ""
    code = str(getattr(code, "code", code))
    return _country_names(get_language()).get(code, code)


def place_name(place: str, country) -> str:
    """ "Kōriyama, Japan": a place (city, venue) and the country's name, either may be empty."""
    return ", ".join(part for part in (place, country_name(country)) if part)
