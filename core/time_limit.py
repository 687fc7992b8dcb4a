"""A ceiling on how long one page's queries may run, for pages whose cost depends on how much
the filters leave (PostgreSQL's ``statement_timeout``; SQLite, the small embedded default, runs
unbounded)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction


class TooSlow(Exception):
    """A query of the block ran longer than its ceiling and was cancelled; nothing was written."""


@contextmanager
def time_limit(milliseconds: int):
    """Run the block in a transaction whose statements are cancelled after ``milliseconds``
    each; raises TooSlow instead of the driver's error."""
    if connection.vendor != "postgresql":
        yield
        return
    from psycopg2 import errors

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [int(milliseconds)])
            yield
    except OperationalError as error:
        if isinstance(error.__cause__, errors.QueryCanceled):
            raise TooSlow from error
        raise
