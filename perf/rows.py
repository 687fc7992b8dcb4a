"""Rows for bulk loading: plain tuples in a model's column order, defaults filled like Django does.

Synthetic data at a million rows cannot go through ``Model.save()``; it is loaded with COPY
(PostgreSQL) or ``bulk_create`` (SQLite). A :class:`Rows` collects the tuples for one table and
knows the model, the columns and how to fill what a generator leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import models

_TIMESTAMPS = ("created_at", "updated_at")
_REQUIRED = object()


class Rows:
    """The rows of one table, each a tuple ordered like ``columns``.

    ``columns`` are the attnames of the model's concrete fields (``parent_id``, not ``parent``);
    the primary key is left out when ``with_pk`` is false (many-to-many link tables), so the
    database numbers those rows itself. Fields a generator does not name get their model
    default (``Field.get_default()``), the timestamps get ``now``.
    """

    def __init__(self, model: type[models.Model], *, now, with_pk: bool = True):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.attname for f in fields]
        self.db_columns = [f.column for f in fields]
        self.has_pk = with_pk
        self.defaults = {}
        for field in fields:
            if field.attname in _TIMESTAMPS:
                self.defaults[field.attname] = now
            elif field.primary_key:
                self.defaults[field.attname] = _REQUIRED
            else:
                self.defaults[field.attname] = field.get_default()
        self._known = set(self.columns)
        self.rows: list[tuple] | Iterable[tuple] = []
        self.count = 0

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def make(self, values: dict) -> tuple:
        """One row from ``values`` (attname → value), defaults for the rest."""
        if self.count == 0:
            self._check(values)
        return tuple(map((self.defaults | values).__getitem__, self.columns))

    def add(self, **values) -> None:
        self.rows.append(self.make(values))
        self.count += 1

    def stream(self, produce: Iterator[dict]) -> None:
        """Rows produced lazily (the million participations are never all in memory)."""
        self.rows = (self.make(values) for values in produce)

    def _check(self, values: dict) -> None:
        unknown = set(values) - self._known
        if unknown:
            raise ValueError(f"{self.table}: unknown columns {sorted(unknown)}")
        missing = [c for c in self.columns if self.defaults[c] is _REQUIRED and c not in values]
        if missing:
            raise ValueError(f"{self.table}: no value for {missing}")


class LinkRows(Rows):
    """The rows of an automatic many-to-many table: (from id, to id) pairs."""

    def __init__(self, m2m: models.ManyToManyField, *, now):
        through = m2m.remote_field.through
        super().__init__(through, now=now, with_pk=False)
        source = through._meta.get_field(m2m.m2m_field_name()).attname
        target = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
        if sorted(self.columns) != sorted([source, target]):
            raise ValueError(f"{self.table}: expected only {source} and {target}")
        self._swap = self.columns != [source, target]

    def pair(self, source_id: int, target_id: int) -> None:
        self.rows.append((target_id, source_id) if self._swap else (source_id, target_id))
        self.count += 1
