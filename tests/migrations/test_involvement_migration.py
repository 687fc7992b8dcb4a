"""The migrations to one involvement shape carry every stored fact over (issue 11).

The database is taken back to the schema before them, filled with that schema's data (the five
articles as the old importer stored them, ``old_schema_articles.json``, plus random rows of
every old shape), migrated forward, and every fact is compared by natural keys
(tests/migrations/facts.py). Importing the articles with today's importer must store the same
facts and give the same encounters as migrating the old import.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps as live_apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from activity.models import OrganisationContact, OrganisationYear, PersonYear
from tests.migrations.facts import new_facts, old_facts

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("people", "0004_random_upload_names"),
    ("events", "0003_event_search_text"),
    ("partnerships", "0003_search_text"),
    ("activity", "0002_dashboard_indexes"),
]
OLD_ARTICLES = Path(__file__).with_name("old_schema_articles.json")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    """The apps of the schema before the involvement tables; back to the newest after."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(latest)


def _load_old_articles(apps) -> None:
    by_model, links = defaultdict(list), []
    for row in json.loads(OLD_ARTICLES.read_text()):
        model = apps.get_model(row["model"])
        values = {}
        for name, value in row["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                links.append((field, row["pk"], value))
            else:
                values[field.attname] = value
        by_model[model].append(model(pk=row["pk"], **values))
    for model, objects in by_model.items():
        model.objects.bulk_create(objects)
    for field, pk, targets in links:
        through = field.remote_field.through
        source, target = field.m2m_column_name(), field.m2m_reverse_name()
        through.objects.bulk_create(through(**{source: pk, target: t}) for t in targets)
    # Rows with given ids leave PostgreSQL's sequences behind; move them on.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(by_model)):
            cursor.execute(sql)


def _day(rng) -> dict:
    return {"value": dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))}


def _dated(prefix: str, rng) -> dict:
    return {prefix: _day(rng)["value"], f"{prefix}_precision": "day"}


def _add_random_old_rows(apps, seed: int) -> None:
    """Rows of every old shape, including the doubled ones the migration has to fold: hosts
    that also have a host participation, leaders listed as members or not, organisers that are
    members too, signatories whose party is not listed as a party."""
    rng = random.Random(seed)
    get = apps.get_model
    orgs = [
        get("people", "Organisation").objects.create(name=f"Org {seed}-{i}", country="DE")
        for i in range(12)
    ]
    people = [
        get("people", "Person").objects.create(given_name="P", family_name=f"Person {seed}-{i}")
        for i in range(20)
    ]
    for i in range(8):
        event = get("events", "Event").objects.create(
            title=f"Event {seed}-{i}", status=rng.choice(["held", "planned"]), **_dated("start", rng)
        )
        taken = set()
        for person in rng.sample(people, rng.randint(0, 6)):
            role = rng.choice(["host", "guest", "speaker", "signatory"])
            org = rng.choice([None, *orgs])
            get("events", "Participation").objects.create(
                event=event, person=person, organisation=org, role=role, role_title="T"
            )
            if role == "host" and org is not None:
                taken.add(org.pk)
        for org in rng.sample(orgs, rng.randint(0, 3)):
            get("events", "Participation").objects.create(event=event, organisation=org, role="guest")
        hosts = rng.sample(orgs, rng.randint(0, 3))
        hosts += [o for o in orgs if o.pk in taken][:1]  # a host with its person host row
        event.hosts.add(*hosts)
    for i in range(6):
        delegation = get("partnerships", "Delegation").objects.create(
            title=f"Delegation {seed}-{i}", **_dated("start", rng)
        )
        members = rng.sample(people, rng.randint(0, 5))
        for person in members:
            get("partnerships", "DelegationMember").objects.create(
                delegation=delegation,
                person=person,
                organisation=rng.choice([None, *orgs]),
                role=rng.choice(["member", "member", "organiser"]),
                role_title=rng.choice(["", "Leitung Vertrieb"]),
            )
        org_members = rng.sample(orgs, rng.randint(0, 3))
        for org in org_members:
            get("partnerships", "DelegationMember").objects.create(
                delegation=delegation, organisation=org, role="member"
            )
        if rng.random() < 0.8:  # a leader, listed as a member or not
            delegation.leader = rng.choice(people if rng.random() < 0.5 else members or people)
            delegation.save()
        delegation.organisers.add(*rng.sample(orgs, rng.randint(0, 2)), *org_members[:1])
    for i in range(6):
        agreement = get("partnerships", "Agreement").objects.create(
            title=f"Agreement {seed}-{i}", kind="mou", **_dated("signed_on", rng)
        )
        parties = rng.sample(orgs, 3)
        for org in parties[:2]:
            get("partnerships", "AgreementParty").objects.create(agreement=agreement, organisation=org)
        for person in rng.sample(people, rng.randint(0, 3)):
            # The old Signatory.save() added its party; a bulk load did not (parties[2]).
            get("partnerships", "Signatory").objects.bulk_create(
                [
                    get("partnerships", "Signatory")(
                        agreement=agreement,
                        person=person,
                        party=rng.choice(parties),
                        role_title="Bürgermeister",
                    )
                ]
            )


def _assert_same(before: dict, after: dict) -> None:
    for key in before:
        assert after[key] == before[key], key


def _activity() -> dict:
    """The derived activity rows, by names (ids differ between two imports)."""
    names = dict(live_apps.get_model("people", "Organisation").objects.values_list("pk", "name"))
    people = {p.pk: p.full_name for p in live_apps.get_model("people", "Person").objects.all()}
    return {
        "people": sorted(
            (people[p], year, met)
            for p, year, met in PersonYear.objects.values_list("person_id", "year", "met_someone")
        ),
        "years": sorted(
            (names[o], year, last)
            for o, year, last in OrganisationYear.objects.values_list(
                "organisation_id", "year", "last_contact"
            )
        ),
        "last": sorted(
            (names[o], last)
            for o, last in OrganisationContact.objects.values_list("organisation_id", "last_contact")
        ),
    }


def _encounters() -> set:
    from events.encounters import organisation_encounters, person_encounters

    people = {
        (row["person"], row["met"], row["event"])
        for row in map(_named, person_encounters())
    }
    organisations = {
        (row["person"], row["met"], row["event"]) for row in map(_named, organisation_encounters())
    }
    return people | organisations


def _named(row: dict) -> dict:
    from events.encounters import as_encounter

    encounter = as_encounter(row)
    return {"person": encounter.person, "met": encounter.met, "event": encounter.event}


def test_the_articles_and_random_old_rows_keep_every_fact(old_schema):
    _load_old_articles(old_schema)
    for seed in range(3):
        _add_random_old_rows(old_schema, seed)
    before = old_facts(old_schema)
    assert before["hosts"] and before["leaders"] and before["organisers"] and before["signatories"]

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    _assert_same(before, new_facts(live_apps))
    migrated = _activity()
    call_command("refresh_activity", verbosity=0)
    assert _activity() == migrated  # the migration left the derived tables up to date


def test_importing_the_articles_today_stores_what_migrating_the_old_import_stores(old_schema):
    _load_old_articles(old_schema)
    before = old_facts(old_schema)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    migrated = new_facts(live_apps)
    migrated_encounters, migrated_activity = _encounters(), _activity()
    _assert_same(before, migrated)

    call_command("flush", interactive=False, verbosity=0)
    call_command("import_articles", verbosity=0)

    _assert_same(before, new_facts(live_apps))
    assert _encounters() == migrated_encounters
    assert _activity() == migrated_activity
