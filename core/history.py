"""The admin's "Verlauf" of a record, readable: one entry per change, of the record itself and
of the records that belong to it (an event's participants, an agreement's parties and
signatories), each listing "field: old → new" with labels and names instead of ids, and "—"
where there was nothing (never "None").

The records' own history comes from django-simple-history (core.models.DomainModel); a model
naming ``_history_m2m_fields`` (the sources) has those in its history as well.

A page costs a fixed number of queries: one per history table, one per kind of record the
changes name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

EMPTY = "—"


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    date: dt.datetime
    kind: str  # what the changed record is ("Teilnahme")
    label: str  # which one ("Kanno – Gast")
    action: str  # angelegt / geändert / gelöscht
    user: object
    reason: str = ""
    url: str = ""  # the record's version in the admin (own entries only)
    changes: list[Change] = field(default_factory=list)
    order: tuple = ()


def _actions() -> dict[str, str]:
    return {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}


def tracked_fields(model, occasion=None) -> list[models.Field]:
    """The fields an editor sees and changes: not the key, the stamps, the derived columns,
    nor the link to the record whose history this is."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and not (occasion is not None and f.is_relation and f.related_model is occasion)
    ]


def m2m_fields(model) -> list[models.ManyToManyField]:
    names = getattr(model, "_history_m2m_fields", ())
    return [model._meta.get_field(n if isinstance(n, str) else n.name) for n in names]


class _Labels:
    """Names of the records that the history's foreign keys and m2m rows point to, loaded
    once per kind of record."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.loaded: dict[type, dict] = {}

    def want(self, model, pk) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            self.loaded[model] = model._base_manager.in_bulk(pks)

    def get(self, model, pk):
        return self.loaded.get(model, {}).get(pk)

    def label(self, model, pk) -> str:
        if pk is None:
            return EMPTY
        obj = self.get(model, pk)
        return str(obj) if obj is not None else _("Nr. %(pk)s (gelöscht)") % {"pk": pk}


def _display(f: models.Field, value, labels: _Labels) -> str:
    if value is None or value == "":
        return EMPTY
    if f.is_relation:
        return labels.label(f.related_model, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, dt.datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _m2m_display(f, pks, labels: _Labels) -> str:
    if not pks:
        return EMPTY
    return ", ".join(sorted(labels.label(f.related_model, pk) for pk in pks))


class _Table:
    """The history rows of one model (the record's own, or those of one kind of its
    related records), with their m2m snapshots."""

    def __init__(self, model, rows, occasion=None):
        self.model, self.rows, self.occasion = model, rows, occasion
        self.fields = tracked_fields(model, type(occasion) if occasion is not None else None)
        self.m2m = m2m_fields(model)
        self.snapshots: dict[tuple[str, int], set] = defaultdict(set)

    def want_labels(self, labels: _Labels) -> None:
        for row in self.rows:
            for f in self.fields:
                if f.is_relation:
                    labels.want(f.related_model, getattr(row, f.attname))
        history_model = self.model.history.model
        for f in self.m2m:
            m2m_model = vars(history_model)[f.name].model
            target = f"{f.m2m_reverse_field_name()}_id"
            pairs = m2m_model.objects.filter(history_id__in=[r.history_id for r in self.rows])
            for history_id, pk in pairs.values_list("history_id", target):
                self.snapshots[(f.name, history_id)].add(pk)
                labels.want(f.related_model, pk)

    def values(self, row, labels: _Labels) -> dict[str, str]:
        shown = {f.verbose_name: _display(f, getattr(row, f.attname), labels) for f in self.fields}
        for f in self.m2m:
            pks = self.snapshots[(f.name, row.history_id)]
            shown[f.verbose_name] = _m2m_display(f, pks, labels)
        return shown

    def label(self, row, labels: _Labels) -> str:
        """``str()`` of the record as it was, its foreign keys taken from the loaded names."""
        instance = row.instance
        for f in self.model._meta.concrete_fields:
            if f.is_relation:
                pk = getattr(row, f.attname)
                occasion = self.occasion
                if occasion is not None and f.related_model is type(occasion) and pk == occasion.pk:
                    related = occasion
                else:
                    related = labels.get(f.related_model, pk)
                if related is not None:
                    f.set_cached_value(instance, related)
        try:
            return str(instance)
        except (ObjectDoesNotExist, AttributeError):
            return _("Nr. %(pk)s") % {"pk": row.id}


def _entries(table: _Table, labels: _Labels, *, own: bool, url=None) -> list[Entry]:
    actions, entries, previous = _actions(), [], {}
    for row in sorted(table.rows, key=lambda r: (r.history_date, r.history_id)):
        values = table.values(row, labels)
        before = previous.get(row.id)
        if row.history_type == "~" and before is not None:
            changes = [Change(k, before[k], v) for k, v in values.items() if before[k] != v]
        elif row.history_type == "+" and not own:
            changes = [Change(k, EMPTY, v) for k, v in values.items() if v != EMPTY]
        else:
            changes = []
        previous[row.id] = values
        entries.append(
            Entry(
                date=row.history_date,
                kind=str(table.model._meta.verbose_name),
                label=table.label(row, labels),
                action=actions.get(row.history_type, row.history_type),
                user=row.history_user,
                reason=row.history_change_reason or "",
                url=url(row) if url else "",
                changes=changes,
                order=(row.history_date, own, row.history_id),
            )
        )
    return entries


def history_entries(obj, related: tuple[str, ...] = (), *, admin_site: str = "admin"):
    """Every change of ``obj`` and of the records of its reverse relations ``related``
    ("participations"), newest first."""
    model = type(obj)
    own = _Table(model, list(obj.history.select_related("history_user")))
    tables = [own]
    for name in related:
        relation = model._meta.get_field(name)
        child = relation.related_model
        rows = child.history.filter(**{relation.field.attname: obj.pk}).select_related(
            "history_user"
        )
        tables.append(_Table(child, list(rows), occasion=obj))
    labels = _Labels()
    for table in tables:
        table.want_labels(labels)
    labels.load()

    opts = model._meta

    def version_url(row):
        try:
            name = f"{admin_site}:{opts.app_label}_{opts.model_name}_simple_history"
            return reverse(name, args=[obj.pk, row.history_id])
        except NoReverseMatch:
            return ""

    entries = _entries(own, labels, own=True, url=version_url)
    for table in tables[1:]:
        entries += _entries(table, labels, own=False)
    return sorted(entries, key=lambda e: e.order, reverse=True)
