"""The iCalendar feed: valid RFC 5545, all-day spans for approximate dates, secret-token access."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from core.roles import MANAGERS
from events.models import Event
from reports.models import CalendarToken, hash_token
from tests.factories import make_event
from tests.reports.data import build_story

PAGE = reverse("reports:calendar")


def feed_url(secret, query=""):
    return reverse("reports:calendar_feed", args=[secret]) + query


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_title(calendar):
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def story(db):
    return build_story()


@pytest.fixture
def secret(manager):
    return CalendarToken.issue(manager)[1]


def test_feed_is_valid_and_complete(client, story, secret):
    calendar = parse(client.get(feed_url(secret)))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = events_by_title(calendar)
    assert set(events) == {
        "Unterzeichnung der IUC-Projektvereinbarung",
        "Workshops Medizintechnik",
        "Unterzeichnung der Zusatzvereinbarung",
        "GTAI-Netzwerkveranstaltung Tokio",
        "Konstituierende Sitzung Steuerkreis",
        "Abgesagter Termin",
    }
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"] and event["DTSTART"] and event["DTEND"]
        assert event.decoded("DTEND") > event.decoded("DTSTART")


def test_undated_events_are_left_out_and_counted(client, story, secret):
    response = client.get(feed_url(secret))
    calendar = parse(response)
    assert str(calendar["X-CRM-UNDATED-EVENTS"]) == "1"
    assert "1 Veranstaltung(en) ohne bekanntes Datum" in str(calendar["COMMENT"])
    assert response["X-Undated-Events"] == "1"
    assert "Besuch der Asaka-Highschool" not in events_by_title(calendar)


@pytest.mark.parametrize(
    ("start", "first", "after_last"),
    [
        ("2018-11-16", dt.date(2018, 11, 16), dt.date(2018, 11, 17)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 3, 1)),
        ("Q1 2022", dt.date(2022, 1, 1), dt.date(2022, 4, 1)),
        ("Sommer 2020", dt.date(2020, 6, 1), dt.date(2020, 9, 1)),
        ("Winter 2019", dt.date(2019, 12, 1), dt.date(2020, 3, 1)),
        ("ca. 2017", dt.date(2017, 1, 1), dt.date(2018, 1, 1)),
    ],
)
def test_approximate_dates_become_all_day_spans(client, db, secret, start, first, after_last):
    make_event(start=start, title="Termin")
    event = events_by_title(parse(client.get(feed_url(secret))))["Termin"]
    assert event.decoded("DTSTART") == first
    assert event.decoded("DTEND") == after_last
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)  # all-day: a DATE value
    if start != "2018-11-16":
        assert "nur ungefähr bekannt" in str(event["DESCRIPTION"])


def test_multi_day_event_ends_after_its_last_day(client, db, secret):
    event = make_event(start="2018-11-15", title="Drei Tage")
    event.end, event.end_precision = dt.date(2018, 11, 17), "day"
    event.save()
    entry = events_by_title(parse(client.get(feed_url(secret))))["Drei Tage"]
    assert (entry.decoded("DTSTART"), entry.decoded("DTEND")) == (
        dt.date(2018, 11, 15),
        dt.date(2018, 11, 18),
    )


def test_status_location_and_link(client, story, secret):
    events = events_by_title(parse(client.get(feed_url(secret))))
    assert str(events["Konstituierende Sitzung Steuerkreis"]["STATUS"]) == "TENTATIVE"
    assert str(events["Abgesagter Termin"]["STATUS"]) == "CANCELLED"
    signing = events["Unterzeichnung der IUC-Projektvereinbarung"]
    assert str(signing["STATUS"]) == "CONFIRMED"
    assert str(signing["LOCATION"]) == "Essen, Deutschland"
    assert str(signing["URL"]).endswith(
        reverse("events:event_detail", args=[story.signing_2018.pk])
    )


def test_feed_filters_like_the_event_list(client, story, secret):
    signings = events_by_title(parse(client.get(feed_url(secret, "?kind=signing"))))
    assert set(signings) == {
        "Unterzeichnung der IUC-Projektvereinbarung",
        "Unterzeichnung der Zusatzvereinbarung",
    }
    in_2019 = events_by_title(
        parse(client.get(feed_url(secret, "?year_from=2019&year_to=2019&status=held")))
    )
    assert set(in_2019) == {"Unterzeichnung der Zusatzvereinbarung"}
    japan = events_by_title(parse(client.get(feed_url(secret, "?country=JP"))))
    assert set(japan) == {
        "Unterzeichnung der Zusatzvereinbarung",
        "GTAI-Netzwerkveranstaltung Tokio",
    }
    by_org = events_by_title(
        parse(client.get(feed_url(secret, f"?organisation={story.koriyama.pk}")))
    )
    assert "GTAI-Netzwerkveranstaltung Tokio" not in by_org


@pytest.mark.parametrize("query", ["?kind=party", "?year_from=abc", "?year_from=2020&year_to=2010"])
def test_bad_filter_is_a_400_not_a_500(client, story, secret, query):
    response = client.get(feed_url(secret, query))
    assert response.status_code == 400
    assert response.content


def test_feed_needs_a_valid_token(client, story):
    assert client.get(feed_url("not-a-token")).status_code == 404
    assert client.get(feed_url("x" * 300)).status_code == 404


def test_token_is_stored_hashed(manager, secret):
    token = CalendarToken.objects.get(user=manager)
    assert token.token_hash == hash_token(secret)
    assert secret not in token.token_hash


def test_create_show_once_and_revoke(manager_client, manager, story):
    response = manager_client.post(PAGE, {"action": "create", "query": "kind=signing"})
    assert response.status_code == 302
    assert response["Location"] == PAGE + "?kind=signing"
    page = manager_client.get(response["Location"])
    shown = page.context["feed_url"]
    assert "/veranstaltungen.ics?kind=signing" in shown
    assert manager_client.get(PAGE).context["feed_url"] is None  # shown only once
    anonymous = Client()
    path = shown.split("testserver", 1)[1]
    assert anonymous.get(path).status_code == 200  # no session needed
    manager_client.post(PAGE, {"action": "revoke"})
    assert anonymous.get(path).status_code == 404
    assert CalendarToken.objects.filter(user=manager, revoked_at__isnull=False).count() == 1


def test_new_token_replaces_the_old_one(client, manager, story):
    _first, old = CalendarToken.issue(manager)
    _second, new = CalendarToken.issue(manager)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert CalendarToken.objects.active().filter(user=manager).count() == 1


def test_token_of_user_who_lost_the_role_or_was_deactivated(client, manager, story, secret):
    manager.groups.remove(Group.objects.get(name=MANAGERS))
    assert client.get(feed_url(secret)).status_code == 403
    manager.groups.add(Group.objects.get(name=MANAGERS))
    manager.is_active = False
    manager.save()
    assert client.get(feed_url(secret)).status_code == 404


def test_feed_records_last_use_and_refuses_posts(client, manager, story, secret):
    assert CalendarToken.objects.get(user=manager).last_used_at is None
    client.get(feed_url(secret))
    assert CalendarToken.objects.get(user=manager).last_used_at is not None
    assert client.post(feed_url(secret)).status_code in (403, 405)  # CSRF or method check


def test_page_counts_what_the_feed_leaves_out(manager_client, story):
    response = manager_client.get(PAGE)
    assert response.context["counts"] == {"dated": 6, "undated": 1}
    assert "1 Veranstaltung ohne bekanntes Datum fehlt darin" in response.content.decode()
    filtered = manager_client.get(PAGE + "?kind=exchange")
    assert filtered.context["counts"] == {"dated": 0, "undated": 1}


def test_page_with_bad_filter_shows_message(manager_client, story):
    response = manager_client.get(PAGE + "?year_from=abc")
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    assert response.context["counts"]["dated"] == 6


def test_unknown_action(manager_client, manager):
    response = manager_client.post(PAGE, {"action": "explode"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Unbekannte Aktion."]
    assert not CalendarToken.objects.filter(user=manager).exists()


def test_planned_events_without_date_are_counted_too(client, db, secret):
    make_event(start=None, title="Irgendwann", status=Event.Status.PLANNED)
    assert str(parse(client.get(feed_url(secret)))["X-CRM-UNDATED-EVENTS"]) == "1"
