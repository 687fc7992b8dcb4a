"""An article import killed at a random moment (SIGKILL, 20 runs) leaves the database exactly
as it was before or exactly as a complete import leaves it.

The import runs as ``manage.py import_articles`` in a child process against its own database
file (SQLite) or database (PostgreSQL), whichever the suite runs on. Most kills are aimed at
the write transaction (started when the SQLite journal appears or the PostgreSQL backend gets
a transaction id), the rest anywhere in the process's life. Row contents are compared with
timestamps masked (a completed run is stamped with its own time); PostgreSQL sequences are
left out because PostgreSQL never rolls them back, by design.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
ARTICLES = sorted((BASE_DIR / "fixtures" / "articles").glob("*.yaml"))
RUNS = 20
SEED = int(os.environ.get("KILL_TEST_SEED", time.time_ns() % 1_000_000))


def _manage(database_url: str, *args, check=True):
    env = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600, check=check,
    )  # fmt: skip


def _start_import(database_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development"}
    files = [str(p) for p in ARTICLES[2:]]
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", *files],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _masked(row) -> tuple:
    return tuple("<time>" if isinstance(v, datetime) else v for v in row)


# --- the two engines ------------------------------------------------------------------------


class SQLiteTarget:
    def __init__(self, folder: Path):
        self.before = folder / "before.sqlite3"
        self.work = folder / "work.sqlite3"

    def url(self, path: Path) -> str:
        return f"sqlite:///{path}"

    def prepare_before(self):
        _manage(self.url(self.before), "migrate", "--noinput")
        _manage(self.url(self.before), "import_articles", *map(str, ARTICLES[:2]))

    def reset_work(self):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.before, self.work)
        return self.url(self.work)

    def writing(self) -> bool:
        return Path(f"{self.work}-journal").exists()

    def snapshot(self, path: Path | None = None) -> dict:
        # Opening the file rolls back a transaction the killed process left in its journal.
        with closing(sqlite3.connect(path or self.work)) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            state = {}
            for table in tables:
                types = [c[2].lower() for c in db.execute(f'PRAGMA table_info("{table}")')]
                rows = db.execute(f'SELECT * FROM "{table}"').fetchall()
                state[table] = sorted(
                    repr(tuple("<time>" if t == "datetime" else v for t, v in zip(types, r,
                                                                                   strict=True)))
                    for r in rows
                )  # fmt: skip
            return state

    def cleanup(self):
        pass


class PostgresTarget:
    def __init__(self, settings_dict):
        self.params = {
            "host": settings_dict["HOST"] or "127.0.0.1",
            "port": settings_dict["PORT"] or 5432,
            "user": settings_dict["USER"],
            "password": settings_dict["PASSWORD"] or None,
        }
        base = settings_dict["NAME"]
        self.before, self.work = f"{base}_kill_before", f"{base}_kill_work"

    def url(self, name: str) -> str:
        p = self.params
        auth = p["user"] + (f":{p['password']}" if p["password"] else "")
        return f"postgres://{auth}@{p['host']}:{p['port']}/{name}"

    def _admin(self, sql: str):
        with closing(psycopg2.connect(dbname="postgres", **self.params)) as db:
            db.autocommit = True
            with db.cursor() as cursor:
                cursor.execute(sql)

    def _drop(self, name):
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        self._admin(f'DROP DATABASE IF EXISTS "{name}"')

    def prepare_before(self):
        self._drop(self.work)
        self._drop(self.before)
        self._admin(f'CREATE DATABASE "{self.before}"')
        _manage(self.url(self.before), "migrate", "--noinput")
        _manage(self.url(self.before), "import_articles", *map(str, ARTICLES[:2]))

    def reset_work(self):
        self._drop(self.work)
        self._admin(f'CREATE DATABASE "{self.work}" TEMPLATE "{self.before}"')
        return self.url(self.work)

    def writing(self) -> bool:
        """True once the import's backend holds a transaction id, i.e. has written a row."""
        with closing(psycopg2.connect(dbname="postgres", **self.params)) as db, db.cursor() as c:
            c.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND backend_xid IS NOT NULL",
                [self.work],
            )
            return c.fetchone()[0] > 0

    def wait_for_backends_to_end(self):
        for _ in range(100):
            with (
                closing(psycopg2.connect(dbname="postgres", **self.params)) as db,
                db.cursor() as c,
            ):
                c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.work])
                if c.fetchone()[0] == 0:
                    return
            time.sleep(0.1)

    def snapshot(self, name: str | None = None) -> dict:
        self.wait_for_backends_to_end()
        with closing(psycopg2.connect(dbname=name or self.work, **self.params)) as db:
            with db.cursor() as cursor:
                cursor.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
                state = {}
                for (table,) in cursor.fetchall():
                    cursor.execute(f'SELECT * FROM "{table}"')
                    state[table] = sorted(repr(_masked(r)) for r in cursor.fetchall())
            db.rollback()
        return state

    def cleanup(self):
        self._drop(self.work)
        self._drop(self.before)


@pytest.fixture
def target(tmp_path):
    if connection.vendor == "postgresql":
        engine = PostgresTarget(connection.settings_dict)
    else:
        engine = SQLiteTarget(tmp_path)
    engine.prepare_before()
    yield engine
    engine.cleanup()


def _wait_for_exit(process, timeout=600):
    try:
        return process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()


def test_killed_import_leaves_the_database_before_or_after(target):
    assert len(ARTICLES) >= 4, "needs the article fixtures"
    rng = random.Random(SEED)
    before = target.snapshot(target.before)

    # A complete run: the "after" state, and how long the process and its writing take.
    target.reset_work()
    started = time.monotonic()
    process = _start_import(target.url(target.work))
    write_started = None
    while process.poll() is None:
        if write_started is None and target.writing():
            write_started = time.monotonic()
        time.sleep(0.005)
    finished = time.monotonic()
    assert process.returncode == 0, process.stderr.read().decode()
    after = target.snapshot()
    assert after != before
    assert write_started is not None, "never saw the import write"
    lifetime, write_window = finished - started, finished - write_started

    outcomes = []
    for run in range(RUNS):
        target.reset_work()
        process = _start_import(target.url(target.work))
        t0 = time.monotonic()
        aimed = run % 4 != 3  # three in four aimed at the transaction, the rest anywhere
        if aimed:
            while process.poll() is None and not target.writing():
                time.sleep(0.002)
            time.sleep(rng.uniform(0, write_window))
        else:
            time.sleep(rng.uniform(0, lifetime))
        mid_write = process.poll() is None and target.writing()
        alive = process.poll() is None
        if alive:
            os.kill(process.pid, signal.SIGKILL)
        _wait_for_exit(process)
        state = target.snapshot()
        outcome = "before" if state == before else "after" if state == after else "NEITHER"
        outcomes.append((run, aimed, round(time.monotonic() - t0, 2), alive, mid_write, outcome))
        assert outcome != "NEITHER", f"seed {SEED}, run {run}: half-written database"

    killed_mid_write = [o for o in outcomes if o[4]]
    print(f"seed {SEED}; lifetime {lifetime:.1f}s, writing {write_window:.1f}s", *outcomes,
          sep="\n")  # fmt: skip
    # The interesting case really happened: killed while writing, and nothing of it stayed.
    assert len(killed_mid_write) >= 5, outcomes
    assert all(o[5] == "before" for o in killed_mid_write), outcomes
