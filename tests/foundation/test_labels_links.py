"""The per-language label caches and the cheap record links give what Django would."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django_countries import countries

from core.labels import choice_label, country_choices, country_name, field_label
from core.links import record_url, record_urls
from events.models import Event
from tests.factories import make_event


@pytest.mark.parametrize(
    "name", ["people:person_detail", "people:organisation_detail", "events:event_detail"]
)
@pytest.mark.parametrize("pk", [1, 7, 2_147_483_646, 10**12])
def test_record_url_is_reverse(name, pk):
    assert record_url(name, pk) == reverse(name, args=[pk])
    assert record_urls(name)(pk) == reverse(name, args=[pk])


def test_record_url_follows_the_script_prefix():
    try:
        set_script_prefix("/crm/")
        assert record_url("people:person_detail", 5) == reverse("people:person_detail", args=[5])
        assert record_url("people:person_detail", 5).startswith("/crm/")
    finally:
        set_script_prefix("/")


def test_record_url_refuses_what_is_not_a_pk():
    with pytest.raises(ValueError):
        record_url("people:person_detail", "1/../admin")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_labels_are_the_display_values_in_each_language(language):
    event = make_event(kind=Event.Kind.CONFERENCE, status=Event.Status.PLANNED, country="JP")
    with translation.override(language):
        assert field_label(event, "kind") == event.get_kind_display()
        assert field_label(event, "status") == event.get_status_display()
        assert choice_label(Event.Status, "planned") == event.get_status_display()
        assert country_name(event.country) == event.country.name
        assert country_name("JP") == str(countries.name("JP"))
        assert country_choices() == tuple((code, str(name)) for code, name in countries)
    assert country_name("") == ""
    assert choice_label(Event.Status, "no-such-status") == "no-such-status"


def test_country_names_switch_with_the_language():
    with translation.override("de"):
        assert country_name("JP") == "Japan" and country_name("DE") == "Deutschland"
    with translation.override("en"):
        assert country_name("DE") == "Germany"
