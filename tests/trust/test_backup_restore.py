"""``backup``/``restore`` round trip: every table, every row, every sequence and every uploaded
file is exactly as it was at the backup, on SQLite and on PostgreSQL."""

import io
import stat
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import Participation
from ops.backup import read_manifest
from people.models import Organisation, Person, Topic
from tests import factories
from tests.trust.samples import one_of_each


def snapshot() -> dict:
    """Every row of every table (sorted), plus the id counters, plus the list of tables."""
    state = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            state[table] = sorted(map(repr, cursor.fetchall()))
        if connection.vendor == "postgresql":
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        else:
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY 1")
        state["<sequences>"] = cursor.fetchall()
    return state


def media_state(root) -> dict:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "kufen.png").write_bytes(b"\x89PNG first")
    (settings.MEDIA_ROOT / "agreements").mkdir()
    (settings.MEDIA_ROOT / "agreements" / "mou.pdf").write_bytes(b"%PDF-1.4 mou")
    return settings.MEDIA_ROOT


@pytest.fixture
def data(transactional_db):
    """The five articles plus one record of every model, committed (pg_dump sees only that)."""
    call_command("import_articles", stdout=io.StringIO())
    return one_of_each()


def _quiet(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _mutate(media_root):
    """Change the database and the media folder in every way a restore must undo."""
    Participation.objects.all().delete()
    Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).update(
        family_name="Geändert", email="neu@example.org"
    )
    Organisation.objects.update(city="Irgendwo")
    for _ in range(3):
        factories.make_topic()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE zz_later_migration (id integer)")
    (media_root / "photos" / "kufen.png").write_bytes(b"\x89PNG changed")
    (media_root / "agreements" / "mou.pdf").unlink()
    (media_root / "photos" / "new.png").write_bytes(b"\x89PNG new")


def test_round_trip_restores_every_table_row_sequence_and_file(data, media_root, tmp_path):
    archive = tmp_path / "crm.tar.gz"
    before, files_before = snapshot(), media_state(media_root)
    assert sum(len(rows) for rows in before.values()) > 500

    output = _quiet("backup", "--output", str(archive))
    assert "Gesichert" in output
    manifest = read_manifest(archive)
    assert manifest.engine == connection.vendor
    assert manifest.tables["people_person"] == Person.objects.count()
    assert manifest.media_files == 2

    _mutate(media_root)
    assert snapshot() != before
    assert media_state(media_root) != files_before

    output = _quiet("restore", str(archive), "--noinput")
    assert "Wiederhergestellt" in output
    after = snapshot()
    assert after.keys() == before.keys()  # the table added later is gone
    for table in before:
        assert after[table] == before[table], table
    assert media_state(media_root) == files_before

    # The id counters came back too: a new record does not collide with a restored one.
    topic = factories.make_topic()
    assert topic.pk > max(Topic.objects.exclude(pk=topic.pk).values_list("pk", flat=True))


def test_backup_is_private_and_complete(data, media_root, tmp_path):
    archive = tmp_path / "crm.tar.gz"
    _quiet("backup", "--output", str(archive))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    dump = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert {"manifest.json", dump, "media/photos/kufen.png", "media/agreements/mou.pdf"} <= names


def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(data, media_root, tmp_path):
    before, files_before = snapshot(), media_state(media_root)
    not_a_backup = tmp_path / "crm.tar.gz"
    not_a_backup.write_bytes(b"PK\x03\x04 something else")
    with pytest.raises(CommandError, match="keine Sicherung dieser Anwendung"):
        _quiet("restore", str(not_a_backup), "--noinput")
    with pytest.raises(CommandError, match="nicht gefunden"):
        _quiet("restore", str(tmp_path / "missing.tar.gz"), "--noinput")
    assert snapshot() == before
    assert media_state(media_root) == files_before


def test_restore_refuses_a_backup_of_the_other_database(data, media_root, tmp_path):
    archive = tmp_path / "crm.tar.gz"
    _quiet("backup", "--output", str(archive))
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    forged = tmp_path / "other.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                content = content.replace(
                    f'"engine": "{connection.vendor}"'.encode(), f'"engine": "{other}"'.encode()
                )
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    Topic.objects.all().delete()
    before = snapshot()
    with pytest.raises(CommandError, match=f"Sicherung einer {other}-Datenbank"):
        _quiet("restore", str(forged), "--noinput")
    assert snapshot() == before


def test_restore_asks_before_replacing(data, media_root, tmp_path, monkeypatch):
    archive = tmp_path / "crm.tar.gz"
    _quiet("backup", "--output", str(archive))
    Topic.objects.all().delete()
    before = snapshot()
    monkeypatch.setattr("builtins.input", lambda prompt: "nein")
    with pytest.raises(CommandError, match="Abgebrochen"):
        _quiet("restore", str(archive))
    assert snapshot() == before


def test_a_broken_dump_leaves_the_database_as_it_was(data, media_root, tmp_path):
    archive = tmp_path / "crm.tar.gz"
    _quiet("backup", "--output", str(archive))
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(broken, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("database."):
                content = content[: len(content) // 2]  # cut off in the middle
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    Topic.objects.all().delete()
    before, files_before = snapshot(), media_state(media_root)
    with pytest.raises(CommandError):
        _quiet("restore", str(broken), "--noinput")
    assert snapshot() == before
    assert media_state(media_root) == files_before
