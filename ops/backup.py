"""Whole-system backups: the database and the uploaded files in one archive.

An archive is a gzip'ed tar holding

* ``manifest.json``: format, database engine, creation time, row count per table;
* ``database.sqlite3`` (a consistent copy made with SQLite's online backup API) or
  ``database.pgdump`` (``pg_dump --format=custom``);
* ``media/``: every uploaded logo, photo and agreement scan.

Restoring replaces the database and the media folder completely, so the system is exactly
as it was at the backup: rows added later disappear, tables added later too. On PostgreSQL
the restore runs in one transaction; if anything fails, the database is left as it was.
Stop the application while restoring.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created: str
    tables: dict[str, int]
    media_files: int

    def as_dict(self) -> dict:
        return {"format": FORMAT, **self.__dict__}


def engine_of(connection) -> str:
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Datenbank {vendor!r} wird nicht unterstützt.")
    return vendor


def table_counts(connection) -> dict[str, int]:
    """Row count of every table in the database, Django's or not."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


# --- PostgreSQL client tools ------------------------------------------------------------------


def _pg_args(settings_dict) -> tuple[list[str], dict]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(command, env=env, capture_output=True, **kwargs)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} ist nicht installiert.") from None
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{command[0]} ist fehlgeschlagen: {detail}")
    return result


def _dump_postgresql(connection, target: Path) -> None:
    args, env = _pg_args(connection.settings_dict)
    _run(
        ["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
         f"--file={target}", connection.settings_dict["NAME"]],
        env,
    )  # fmt: skip


# Everything the application owns lives in the public schema; dropping it removes tables a
# later migration added, so the restored database is exactly the one backed up.
_RESET_PUBLIC_SCHEMA = b"""
DROP SCHEMA public CASCADE;
CREATE SCHEMA public;
ALTER SCHEMA public OWNER TO pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
"""


def _restore_postgresql(connection, dump: Path) -> None:
    args, env = _pg_args(connection.settings_dict)
    script = _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)], env
    ).stdout
    connection.close()
    _run(
        ["psql", *args, "--quiet", "--no-psqlrc", "--single-transaction",
         "--set=ON_ERROR_STOP=1", f"--dbname={connection.settings_dict['NAME']}"],
        env,
        input=_RESET_PUBLIC_SCHEMA + script,
    )  # fmt: skip


# --- SQLite -----------------------------------------------------------------------------------


def _dump_sqlite(connection, target: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def _restore_sqlite(connection, dump: Path) -> None:
    connection.ensure_connection()
    if not connection.get_autocommit() or connection.in_atomic_block:
        raise BackupError("Wiederherstellen ist innerhalb einer Transaktion nicht möglich.")
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        # A damaged copy must be found before a single page of the live database is touched.
        result = source.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"Die Datenbank in der Sicherung ist beschädigt: {result}")
        # The backup API replaces every page of the live database in one step.
        source.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Die Datenbank in der Sicherung ist beschädigt: {error}") from None
    finally:
        source.close()


# --- media ------------------------------------------------------------------------------------


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _replace_media(extracted: Path) -> None:
    """Swap the restored media folder in, then remove the old one."""
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=root.parent))
    new = staging / "media"
    if extracted.exists():
        shutil.copytree(extracted, new)
    else:
        new.mkdir()
    old = staging / "old"
    if root.exists():
        root.rename(old)
    new.rename(root)
    shutil.rmtree(staging)


# --- the two operations -----------------------------------------------------------------------


def create_backup(*, output: Path, using: str = "default") -> Manifest:
    """Write a backup archive of the database ``using`` and the media folder to ``output``."""
    connection = connections[using]
    engine = engine_of(connection)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="crm-backup-") as work:
        dump = Path(work) / DUMP_NAMES[engine]
        if engine == "sqlite":
            _dump_sqlite(connection, dump)
        else:
            _dump_postgresql(connection, dump)
        media = _media_root()
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        manifest = Manifest(
            engine=engine,
            created=timezone.now().isoformat(),
            tables=_dump_counts(engine, dump) if engine == "sqlite" else table_counts(connection),
            media_files=len(media_files),
        )
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest.as_dict(), indent=2), encoding="utf-8")
        partial = output.with_name(output.name + ".partial")
        # Backups hold personal data: readable by the owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(manifest_file, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for path in media_files:
                tar.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
        partial.replace(output)
    return manifest


def _dump_counts(engine: str, dump: Path) -> dict[str, int]:
    """Row counts taken from the copy itself, so they match what the archive holds."""
    with sqlite3.connect(f"file:{dump}?mode=ro", uri=True) as copy:
        names = [
            row[0]
            for row in copy.execute(
                # The tables Django's introspection lists, as table_counts() sees them.
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name != 'sqlite_sequence' ORDER BY name"
            )
        ]
        counts = {n: copy.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    copy.close()
    return counts


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            data = json.loads(member.read().decode("utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{archive}: Datei nicht gefunden.") from None
    except (tarfile.TarError, KeyError, AttributeError, ValueError, OSError, EOFError):
        raise BackupError(f"{archive}: keine Sicherung dieser Anwendung.") from None
    if data.get("format") != FORMAT or data.get("engine") not in DUMP_NAMES:
        raise BackupError(f"{archive}: unbekanntes Sicherungsformat.")
    return Manifest(
        engine=data["engine"],
        created=data["created"],
        tables=data["tables"],
        media_files=data["media_files"],
    )


def restore_backup(*, archive: Path, using: str = "default") -> Manifest:
    """Replace the database ``using`` and the media folder with the contents of ``archive``."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    connection = connections[using]
    engine = engine_of(connection)
    if manifest.engine != engine:
        raise BackupError(
            f"{archive}: Sicherung einer {manifest.engine}-Datenbank, "
            f"eingerichtet ist aber {engine}."
        )
    with tempfile.TemporaryDirectory(prefix="crm-restore-") as work:
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(work, filter="data")
        dump = Path(work) / DUMP_NAMES[engine]
        if not dump.is_file():
            raise BackupError(f"{archive}: die Datenbank fehlt in der Sicherung.")
        if engine == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_postgresql(connection, dump)
        _replace_media(Path(work) / "media")
    restored = table_counts(connection)
    if restored != manifest.tables:
        differing = sorted(
            set(restored) ^ set(manifest.tables)
            | {t for t in restored if restored[t] != manifest.tables.get(t)}
        )
        raise BackupError(
            "Nach dem Wiederherstellen stimmen die Zeilenzahlen nicht: " + ", ".join(differing)
        )
    return manifest
