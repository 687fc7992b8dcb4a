"""manage.py encounters: table, JSON and CSV; clear errors for unknown names."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_person
from tests.pages.world import build_world

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("encounters", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world():
    return build_world(size=2)


def test_json_for_a_person(world):
    items = json.loads(run("--person", "kufen", "--since", "2018", "--format", "json"))
    assert all(set(item) == {"person", "met", "date", "event", "place"} for item in items)
    assert [(i["met"], i["date"], i["place"]) for i in items] == [
        ("Prof. Dr. Jörg Müller", "2018-11-16", "Stadt Kōriyama, Kōriyama"),
        ("Katsuyoshi Shinahara", "2018-11-16", "Stadt Kōriyama, Kōriyama"),
    ]
    assert {i["person"] for i in items} == {"Thomas Kufen"}


def test_period_and_precision_in_json(world):
    items = json.loads(run("--person", "Thomas Kufen", "--until", "2011", "--format", "json"))
    assert [(i["event"], i["date"]) for i in items] == [
        ("Stammtisch 000", "2010-05"),
        ("Stammtisch 001", "2011-05"),
    ]
    assert [i["met"].split()[-1] for i in items] == ["Person000", "Person001"]


def test_unknown_date_is_null(world):
    world["signing"].start, world["signing"].start_precision = None, "unknown"
    world["signing"].save()
    items = json.loads(run("--person", "Shinahara", "--format", "json"))
    assert {i["date"] for i in items} == {None}


def test_organisation_encounters(world):
    items = json.loads(run("--organisation", "Koriyama", "--format", "json"))
    assert sorted(i["met"] for i in items) == ["Stadt Essen", "Universitätsklinikum Essen"]
    assert {i["person"] for i in items} == {"Stadt Kōriyama"}


def test_person_acting_for_an_organisation(world):
    items = json.loads(
        run("--person", "Kufen", "--organisation", "Stadt Essen", "--format", "json")
    )
    assert len(items) == 4  # two at the signing, one at each of two Stammtische


def test_csv_and_table(world):
    rows = list(csv.reader(io.StringIO(run("--person", "shinahara", "--format", "csv"))))
    assert rows[0] == ["person", "met", "date", "event", "place"]
    assert sorted(r[1] for r in rows[1:]) == ["Prof. Dr. Jörg Müller", "Thomas Kufen"]
    table = run("--person", "shinahara")
    assert "16. Nov. 2018" in table and "Thomas Kufen" in table
    assert "2 Begegnung(en)." in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--person", "Niemand"), "nicht gefunden"),
        (("--organisation", "Gibtsnicht GmbH"), "nicht gefunden"),
        (("--person", "Vorname"), "nicht eindeutig"),
        (("--since", "zwanzig"), "kein Jahr"),
        (("--since", "2020", "--until", "2010"), "liegt nach"),
        (("--until", "99999"), "außerhalb"),
        (("--person", "   "), "Namen"),
    ],
)
def test_errors_are_clear(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_unknown_format_is_refused(world):
    with pytest.raises(CommandError):
        run("--format", "xml")


def test_exact_name_wins_over_partial_matches(world):
    make_person(given_name="Thomas", family_name="Kufenberg")
    items = json.loads(run("--person", "Thomas Kufen", "--format", "json"))
    assert {i["person"] for i in items} == {"Thomas Kufen"}


def test_command_exits_non_zero_on_unknown_name(world, capsys, monkeypatch):
    from django.core.management import execute_from_command_line
    from django.db import connections

    # The real entry point; it closes connections when done, which the test's transaction
    # must survive.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "encounters", "--person", "Niemand-XYZ"])
    assert exit_info.value.code != 0
    assert "nicht gefunden" in capsys.readouterr().err
