"""GDPR: an editor exports everything about a person and erases a person; the erasure is
complete (history and admin log included), keeps event counts true and is itself recorded.
Managers can do neither. A retention list shows people idle for 24 months."""

import datetime as dt
import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.text import fold
from events.models import Event, Participation
from partnerships.models import AgreementParticipant, DelegationMember
from people.models import Affiliation, Person
from privacy import services
from privacy.models import ErasureRecord
from privacy.retention import inactive_people, months_before
from tests import factories
from tests.trust.admin_forms import admin_post

# Strings that exist nowhere else, so a search of the whole database finds only this person.
SECRETS = {
    "family_name": "Quxbrandtner",
    "given_name": "Ysolde",
    "honorific": "Prof. Dr. hc. Zett",
    "name_variants": "Ysolde Quxbrandtnerová\nY. Q.-Brandtner",
    "email": "ysolde.qux@example.org",
    "phone": "+49 201 5550199",
    "notes": "Trinkt gern Ostfriesentee (vertraulich)",
}
ROLE = "Schatzmeisterin des Vereins Xylo"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def subject(db, media_root, editor_client):
    """A person with everything: photo (replaced once), roles, events, delegation, signature,
    sources, and history written through the admin."""
    person = factories.make_person(**SECRETS, legal_basis=Person.LegalBasis.CONSENT)
    source = factories.make_source(title="Pressemitteilung")
    person.sources.add(source)
    organisation = factories.make_organisation(name="Verein Xylo")
    factories.make_affiliation(person=person, organisation=organisation, role_title=ROLE)
    events = [factories.make_event(title=f"Treffen {n}") for n in range(2)]
    for event in events:
        factories.make_participation(event=event, person=person, role_title=ROLE)
        factories.make_participation(event=event)  # someone else
    delegation = factories.make_delegation(title="Reise nach Kōriyama")
    factories.make_delegation_member(
        delegation=delegation, person=person, role="leader", role_title=ROLE
    )
    agreement = factories.make_agreement(parties=[organisation, factories.make_organisation()])
    factories.make_signatory(agreement, person=person, party=organisation, role_title=ROLE)
    # Two photos through the admin: the first one stays named in the history.
    change = reverse("admin:people_person_change", args=[person.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo_names = []  # stored under random names (core.uploads)
    for name in ("erstes.png", "zweites.png"):
        response = admin_post(
            editor_client, change, photo=SimpleUploadedFile(name, png(), "image/png")
        )
        assert response.status_code == 302
        photo_names.append(Person.objects.get(pk=person.pk).photo.name)
    person.refresh_from_db()
    person.photo_names = photo_names
    return person


def _all_rows_text() -> str:
    """Every value in every table of the database, as one string."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def _erase(client, person, **data):
    payload = {"legal_reason": "request", "note": "Antrag vom 1.3.", "confirm": "on", **data}
    return client.post(reverse("privacy:person_erase", args=[person.pk]), payload)


# --- export ---------------------------------------------------------------------------------


def test_export_holds_everything_about_the_person(subject, editor_client, editor):
    response = editor_client.get(reverse("privacy:person_export", args=[subject.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="person-{subject.pk}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    person = data["person"]
    for name, value in SECRETS.items():
        assert person[name] == value
    assert person["legal_basis"] == "consent"
    assert person["photo"] == subject.photo_names[1]
    assert [s["title"] for s in data["sources"]] == ["Pressemitteilung"]
    assert [a["role_title"] for a in data["affiliations"]] == [ROLE]
    involvements = {kind: [] for kind in ("event", "delegation", "agreement")}
    for involvement in data["involvements"]:
        involvements[involvement["occasion"]].append(involvement)
    assert len(data["involvements"]) == 4
    events = involvements["event"]
    assert sorted(p["title"] for p in events) == ["Treffen 0", "Treffen 1"]
    assert {(p["date"], p["role"], p["role_title"]) for p in events} == {
        ("2018-11-16", "guest", ROLE)
    }
    assert all(p["occasion_id"] and p["organisation"] is None for p in events)
    [led] = involvements["delegation"]
    assert (led["title"], led["role"], led["role_title"]) == ("Reise nach Kōriyama", "leader", ROLE)
    assert led["date"] == "2018-11-15"
    [signature] = involvements["agreement"]
    assert (signature["role"], signature["role_title"]) == ("signatory", ROLE)
    assert signature["organisation"] == "Verein Xylo"
    assert signature["organisation_id"] == subject.affiliations.get().organisation_id
    history = data["history"]["person"]
    assert [h["type"] for h in history] == ["angelegt", "geändert", "geändert"]
    assert history[-1]["user"] == "editor"
    assert history[1]["values"]["photo"] == subject.photo_names[0]
    assert len(data["history"]["event"]) == 2
    assert len(data["history"]["delegation"]) == 1
    assert len(data["history"]["agreement"]) == 1
    assert [e["user"] for e in data["admin_log"]] == ["editor", "editor"]
    assert data["erasures"] == []


def test_export_lists_the_follow_ups_about_the_person(subject, editor_client, editor):
    factories.make_followup(owner=editor, people=[subject], subject="Gegenbesuch abstimmen")
    data = json.loads(
        editor_client.get(reverse("privacy:person_export", args=[subject.pk])).content
    )
    [followup] = data["followups"]
    assert followup["subject"] == "Gegenbesuch abstimmen" and followup["owner"] == "editor"
    assert followup["status_label"] == "offen"


def test_export_query_count_does_not_grow_with_links(
    subject, editor_client, django_assert_max_num_queries
):
    url = reverse("privacy:person_export", args=[subject.pk])
    with django_assert_max_num_queries(30) as few:
        editor_client.get(url)
    for n in range(5):
        factories.make_participation(event=factories.make_event(title=f"Mehr {n}"), person=subject)
        factories.make_followup(people=[subject])
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(url)


# --- erasure --------------------------------------------------------------------------------


def test_erasure_removes_the_person_everywhere(
    subject, editor_client, editor, media_root, django_capture_on_commit_callbacks
):
    photos = sorted(p.name for p in (media_root / "photos").iterdir())
    assert len(photos) == 2
    editor_client.get(subject.get_absolute_url())  # the page makes the photo's scaled copy
    assert len(list((media_root / "photos").iterdir())) == 3
    assert SECRETS["family_name"] in _all_rows_text()
    events = {e.pk: e.participations.count() for e in Event.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        response = _erase(editor_client, subject)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:people_person_change", args=[subject.pk])

    subject.refresh_from_db()
    assert subject.full_name == services.ERASED_NAME
    assert subject.erased_at is not None
    assert not subject.photo
    assert (subject.email, subject.phone, subject.notes, subject.name_variants) == ("",) * 4
    assert not subject.sources.exists()
    assert not Affiliation.objects.filter(person=subject).exists()
    # The photo files are gone, the first one too.
    assert list((media_root / "photos").iterdir()) == []
    # Events keep an (anonymous) participant: their counts are unchanged.
    assert {e.pk: e.participations.count() for e in Event.objects.all()} == events
    assert Participation.objects.filter(person=subject).count() == 2
    assert DelegationMember.objects.filter(person=subject).exists()
    assert AgreementParticipant.objects.filter(person=subject, role="signatory").exists()
    assert DelegationMember.objects.filter(person=subject, role="leader").count() == 1

    # Nothing of it remains anywhere: not in the history, not in the admin log.
    everything = _all_rows_text()
    for value in [*SECRETS.values(), ROLE, *photos]:
        for part in value.splitlines():
            assert part not in everything, part


def test_erasure_is_recorded_without_the_erased_data(subject, editor_client, editor):
    _erase(editor_client, subject, legal_reason="consent", note="Widerruf per E-Mail")
    record = ErasureRecord.objects.get()
    assert record.person == subject
    assert record.person_number == subject.pk
    assert record.erased_by == editor
    assert record.erased_by_username == "editor"
    assert record.legal_reason == "consent"
    assert record.note == "Widerruf per E-Mail"
    assert record.removed["affiliations"] == 1
    assert record.removed["role_titles"] == 4
    assert record.removed["photo_files"] == 2
    assert record.removed["history_rows"] >= 3
    assert set(record.removed["fields"]) == set(SECRETS) | {"photo"}
    stored = json.dumps(
        {f.attname: str(getattr(record, f.attname)) for f in record._meta.concrete_fields}
    )
    for value in SECRETS.values():
        assert value.splitlines()[0] not in stored
    # The erasure itself is in the person's history, with who did it.
    last = subject.history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (editor, "DSGVO-Löschung")


def test_export_after_erasure_shows_only_the_placeholder_and_the_erasure(subject, editor_client):
    _erase(editor_client, subject)
    response = editor_client.get(reverse("privacy:person_export", args=[subject.pk]))
    text = response.content.decode()
    for value in SECRETS.values():
        assert value.splitlines()[0] not in text
    data = json.loads(text)
    assert data["person"]["family_name"] == services.ERASED_NAME
    assert [e["legal_reason"] for e in data["erasures"]] == ["request"]


def test_erasure_scrubs_the_admin_log_of_other_records(subject, editor_client):
    """An inline role added on the organisation's page quotes the person's name in its log."""
    organisation = factories.make_organisation(name="Nachbarverein")
    url = reverse("admin:people_organisation_change", args=[organisation.pk])
    response = admin_post(
        editor_client,
        url,
        **{
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-0-person": str(subject.pk),
            "affiliations-0-role_title": "Beirätin",
            "affiliations-0-since_precision": "unknown",
            "affiliations-0-until_precision": "unknown",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.filter(object_id=str(organisation.pk)).get()
    assert SECRETS["family_name"] in entry.change_message
    _erase(editor_client, subject)
    entry.refresh_from_db()
    assert SECRETS["family_name"] not in entry.change_message


def test_erasure_lists_prose_that_still_names_the_person(subject, editor_client):
    event = factories.make_event(description=f"Begrüßt von {SECRETS['family_name']}.")
    editor_client.get(reverse("home"))  # shows (and so drops) the admin's earlier messages
    response = _erase(editor_client, subject)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Nr. {event.pk} (description)" in text
    assert SECRETS["family_name"] not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"legal_reason": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"legal_reason": "because"}, "Bitte eine gültige Auswahl treffen"),
        ({"confirm": ""}, "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_erasure_needs_a_reason_and_a_confirmation(subject, editor_client, data, message):
    response = _erase(editor_client, subject, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    subject.refresh_from_db()
    assert subject.family_name == SECRETS["family_name"]
    assert not ErasureRecord.objects.exists()


def test_a_failed_erasure_changes_nothing(subject, editor, media_root, monkeypatch):
    before = _all_rows_text()

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ErasureRecord.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.erase_person(person=subject, user=editor, legal_reason="request")
    assert _all_rows_text() == before
    assert len(list((media_root / "photos").iterdir())) == 2


def test_erase_page_counts_what_stays_anonymously(subject, editor_client):
    page = editor_client.get(reverse("privacy:person_erase", args=[subject.pk]))
    assert page.status_code == 200
    counts = page.context["counts"]
    assert (counts["event"], counts["delegation"], counts["agreement"]) == (2, 1, 1)
    assert counts["affiliations"] == 1


def test_a_person_is_erased_only_once(subject, editor_client):
    _erase(editor_client, subject)
    page = editor_client.get(reverse("privacy:person_erase", args=[subject.pk]))
    assert "wurden am" in page.content.decode()
    response = _erase(editor_client, subject)
    assert response.status_code == 200
    assert ErasureRecord.objects.count() == 1


def test_service_refuses_unknown_reason_and_second_erasure(subject, editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.erase_person(person=subject, user=editor, legal_reason="whim")
    services.erase_person(person=subject, user=editor, legal_reason="retention")
    with pytest.raises(ValidationError, match="bereits gelöscht"):
        services.erase_person(person=subject, user=editor, legal_reason="retention")


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_client", "outsider_client"])
def test_managers_and_outsiders_can_neither_export_nor_erase(subject, request, who):
    client = request.getfixturevalue(who)
    before = _all_rows_text()
    assert client.get(reverse("privacy:person_export", args=[subject.pk])).status_code == 403
    assert client.get(reverse("privacy:person_erase", args=[subject.pk])).status_code == 403
    assert _erase(client, subject).status_code == 403
    assert client.get(reverse("privacy:retention")).status_code == 403
    assert client.get(reverse("admin:privacy_erasurerecord_changelist")).status_code in (302, 403)
    assert _all_rows_text() == before


def test_anonymous_users_are_sent_to_the_login(subject, client):
    for url in (
        reverse("privacy:person_export", args=[subject.pk]),
        reverse("privacy:person_erase", args=[subject.pk]),
        reverse("privacy:retention"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert _erase(client, subject).status_code == 302
    subject.refresh_from_db()
    assert subject.erased_at is None


def test_admin_person_page_links_to_export_and_erasure_for_editors(
    subject, editor_client, manager_client
):
    url = reverse("admin:people_person_change", args=[subject.pk])
    erase = reverse("privacy:person_erase", args=[subject.pk])
    assert erase in editor_client.get(url).content.decode()
    assert erase not in manager_client.get(url).content.decode()


def test_erasure_log_in_the_admin_is_read_only(subject, editor_client, superuser_client):
    _erase(editor_client, subject)
    record = ErasureRecord.objects.get()
    assert editor_client.get(reverse("admin:privacy_erasurerecord_changelist")).status_code == 200
    change = reverse("admin:privacy_erasurerecord_change", args=[record.pk])
    assert editor_client.get(change).status_code == 200
    assert editor_client.post(change, {"note": "x"}).status_code == 403
    add = reverse("admin:privacy_erasurerecord_add")
    assert superuser_client.get(add).status_code == 403
    delete = reverse("admin:privacy_erasurerecord_delete", args=[record.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert ErasureRecord.objects.count() == 1


# --- retention ------------------------------------------------------------------------------


def _idle_since(person, day: dt.date):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    Person.objects.filter(pk=person.pk).update(updated_at=moment)


def test_retention_list_shows_people_idle_for_24_months(db):
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=3 * 365)
    idle = factories.make_person(family_name="Ruhig")
    _idle_since(idle, long_ago)
    old_event = factories.make_event(start=long_ago.isoformat())
    factories.make_participation(event=old_event, person=idle)

    recent_event = factories.make_event(start=(today - dt.timedelta(days=30)).isoformat())
    active = factories.make_person(family_name="Aktiv")
    factories.make_participation(event=recent_event, person=active)
    _idle_since(active, long_ago)

    edited = factories.make_person(family_name="Bearbeitet")  # updated_at is now

    signer = factories.make_person(family_name="Unterzeichnerin")
    factories.make_signatory(factories.make_agreement(signed=today.isoformat()), person=signer)
    _idle_since(signer, long_ago)

    leader = factories.make_person(family_name="Leiterin")
    factories.make_delegation(leader=leader, start=today.isoformat())
    _idle_since(leader, long_ago)

    member = factories.make_person(family_name="Mitreisende")
    factories.make_delegation_member(
        delegation=factories.make_delegation(start=today.isoformat()), person=member
    )
    _idle_since(member, long_ago)

    nothing = factories.make_person(family_name="Nie")
    _idle_since(nothing, long_ago)

    undated = factories.make_person(family_name="Ohnedatum")
    factories.make_participation(event=factories.make_event(start=None), person=undated)
    _idle_since(undated, long_ago)

    erased = factories.make_person(family_name="Weg", erased_at=timezone.now())
    _idle_since(erased, long_ago)

    names = [p.family_name for p in inactive_people()]
    assert sorted(names) == ["Nie", "Ohnedatum", "Ruhig"]
    assert {p.family_name: p.last_activity for p in inactive_people()}["Ruhig"] == long_ago
    assert inactive_people(months=60).count() == 0
    del edited


def test_retention_page_for_editors_with_constant_queries(
    db, editor_client, django_assert_max_num_queries
):
    long_ago = timezone.localdate() - dt.timedelta(days=1000)

    def add_idle(n):
        for _ in range(n):
            person = factories.make_person()
            factories.make_participation(
                event=factories.make_event(start=long_ago.isoformat()), person=person
            )
            factories.make_signatory(factories.make_agreement(), person=person)
            _idle_since(person, long_ago)

    add_idle(2)
    url = reverse("privacy:retention")
    with django_assert_max_num_queries(12) as first:
        response = editor_client.get(url)
    assert response.status_code == 200
    assert response.context["count"] == 2
    add_idle(8)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = editor_client.get(url)
    assert response.context["count"] == 10
    assert response.content.decode().count(reverse("privacy:person_export", args=[1])[:-10]) >= 10


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-03-15", 24, "2024-03-15"),
        ("2026-02-28", 24, "2024-02-28"),
        ("2024-02-29", 24, "2022-02-28"),
        ("2026-01-31", 1, "2025-12-31"),
        ("2026-03-31", 1, "2026-02-28"),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_erasure_leaves_no_trace_in_the_database_the_admin_log_or_the_export(
    subject, editor_client, django_capture_on_commit_callbacks
):
    """Issue 16, finding 2: a person created in the admin with a role inline (the creation's
    log entry quotes role title and organisation), named in another record's prose that an
    editor rewrote (its history keeps the old text), found by any column of any table."""
    role, club = "Beirätin des Xylofon-Kreises", "Xylofon-Kreis Quxbrandtner e.V."
    organisation = factories.make_organisation(name=club)
    add = reverse("admin:people_person_add")
    response = admin_post(
        editor_client,
        add,
        given_name="Ysolde",
        family_name="Quxbrandtner-Zwo",
        email="zwo.qux@example.org",
        legal_basis="consent",
        **{
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-0-organisation": str(organisation.pk),
            "affiliations-0-role_title": role,
            "affiliations-0-since_precision": "unknown",
            "affiliations-0-until_precision": "unknown",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    second = Person.objects.get(family_name="Quxbrandtner-Zwo")
    created = LogEntry.objects.get(object_id=str(second.pk), action_flag=1)
    assert json.dumps(role)[1:-1] in created.change_message  # JSON: "Beir\u00e4tin"
    event = factories.make_event(description="Begrüßt von Ysolde Quxbrandtner-Zwo.")
    edit = reverse("admin:events_event_change", args=[event.pk])
    assert admin_post(editor_client, edit, description="Begrüßt von ihr.").status_code == 302
    assert "Quxbrandtner-Zwo" in _all_rows_text()  # the event's history keeps the old text

    with django_capture_on_commit_callbacks(execute=True):
        assert _erase(editor_client, second).status_code in (200, 302)

    everything = _all_rows_text().casefold()
    for trace in ("Ysolde Quxbrandtner-Zwo", "zwo.qux@example.org", role):
        for spelling in (trace, fold(trace), json.dumps(trace)[1:-1]):
            assert spelling.casefold() not in everything, spelling
    assert (
        services.ERASED_NAME
        in Event.history.filter(id=event.pk).earliest("history_date").description
    )
    export = editor_client.get(reverse("privacy:person_export", args=[second.pk]))
    assert role not in export.content.decode()
    assert "Quxbrandtner-Zwo" not in export.content.decode()
