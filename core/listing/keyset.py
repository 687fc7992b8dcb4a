"""Keyset ("seek") pagination for list pages.

Why not page numbers: ``OFFSET n`` makes the database read and throw away ``n`` rows, so the
last page of a big table is the slowest. Here a page link carries the sort values of the row
next to it, and the page is fetched with ``WHERE (sort columns) after <those values>
ORDER BY ... LIMIT size+1``: every page, including the last one (fetched in reverse order),
costs the same. The price: there are no page numbers, only first / previous / next / last.

The ``page`` GET parameter is ``""`` (first page), ``"last"``, ``"a.<token>"`` (rows after)
or ``"b.<token>"`` (rows before); ``<token>`` is the base64-encoded JSON list of the boundary
row's sort values, read back through the model fields' ``to_python`` so a forged token can
only give a validation message, never reach the database unchecked.

Unknown (NULL) values sort last in both directions; the primary key (or the declared
tie-breaking columns) is always the final column, so the order is total.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q, QuerySet

MAX_INT = 2**63 - 1
MAX_TOKEN_LENGTH = 2000


class BadPage(ValueError):
    """The ``page`` parameter cannot be read; the caller shows the first page and a message."""


@dataclass(frozen=True)
class Column:
    name: str  # a model field path or an annotation/values key of the queryset
    descending: bool = False
    nullable: bool = True

    def flipped(self) -> Column:
        return Column(self.name, not self.descending, self.nullable)

    def order(self, nulls_first: bool):
        expression = F(self.name)
        if not self.nullable:
            return expression.desc() if self.descending else expression.asc()
        nulls = {"nulls_first": True} if nulls_first else {"nulls_last": True}
        return expression.desc(**nulls) if self.descending else expression.asc(**nulls)


@dataclass(frozen=True)
class Ordering:
    """The columns of one sort order, in the direction the user sees it."""

    columns: tuple[Column, ...]
    nulls_first: bool = False
    converters: tuple = field(default=(), compare=False)

    def reversed(self) -> Ordering:
        return Ordering(
            tuple(c.flipped() for c in self.columns), not self.nulls_first, self.converters
        )

    def order_by(self) -> list:
        return [c.order(self.nulls_first) for c in self.columns]

    def after(self, values: list) -> Q:
        """Rows strictly after the row whose sort values are ``values``."""
        condition = _after(self.columns, values, self.nulls_first)
        # An impossible condition (nothing comes after) still has to be a valid Q.
        if condition is None:
            return Q(pk__in=[])
        first, value = self.columns[0], values[0]
        if value is not None and not first.nullable:
            # Implied by the OR-chain, but as a plain range the database can start the index
            # scan at the boundary row instead of filtering from the first row.
            condition &= Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": value})
        return condition


def _after(columns: tuple[Column, ...], values: list, nulls_first: bool) -> Q | None:
    """Recursive form of: (a after v) OR (a = v AND rest after)."""
    column, rest = columns[0], columns[1:]
    value = values[0]
    tail = _after(rest, values[1:], nulls_first) if rest else None
    name = column.name
    if value is None:
        if nulls_first:  # the NULL block comes first; every non-NULL row is after it
            result = Q(**{f"{name}__isnull": False})
            if tail is not None:
                result |= Q(**{f"{name}__isnull": True}) & tail
            return result
        return Q(**{f"{name}__isnull": True}) & tail if tail is not None else None
    result = Q(**{f"{name}__{'lt' if column.descending else 'gt'}": value})
    if column.nullable and not nulls_first:
        result |= Q(**{f"{name}__isnull": True})
    if tail is not None:
        result |= Q(**{name: value}) & tail
    return result


def build_ordering(queryset: QuerySet, names: list[str], tiebreak: list[str]) -> Ordering:
    """An Ordering over ``names`` ("-x" = descending) plus the tie-breaking columns."""
    columns, converters, seen = [], [], set()
    for raw in [*names, *tiebreak]:
        name = raw.lstrip("-")
        if name in seen:
            continue
        seen.add(name)
        model_field = _field_for(queryset, name)
        columns.append(Column(name, raw.startswith("-"), getattr(model_field, "null", True)))
        converters.append(model_field)
    return Ordering(tuple(columns), False, tuple(converters))


def _field_for(queryset: QuerySet, name: str):
    """The model field behind a sort column, used to read token values back."""
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        return annotation.output_field
    model = queryset.model
    model_field = None
    for part in name.split("__"):
        if model is None:
            raise FieldDoesNotExist(name)
        model_field = model._meta.get_field(part)
        model = model_field.related_model
    if model_field.is_relation:
        model_field = model_field.target_field
    return model_field


def row_values(row, ordering: Ordering) -> list:
    """The sort values of a row (a model instance or a values() dict), as the database
    holds them: a country is its code, a related record its key."""
    values = []
    converters = ordering.converters or (None,) * len(ordering.columns)
    pairs = zip(ordering.columns, converters, strict=True)
    for column, model_field in pairs:
        if isinstance(row, dict):
            value = row[column.name]
        else:
            value = row
            for part in column.name.split("__"):
                value = getattr(value, part, None) if value is not None else None
            if hasattr(value, "pk"):
                value = value.pk
        if value is not None and model_field is not None:
            value = model_field.get_prep_value(value)
        values.append(value)
    return values


def _jsonable(value):
    """A sort value as JSON: dates as ISO text, anything else that is not a JSON scalar
    (Decimal, UUID, a field's own value class) as its text, which ``to_python`` reads back."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def encode(values: list) -> str:
    raw = json.dumps([_jsonable(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(token: str, ordering: Ordering) -> list:
    if len(token) > MAX_TOKEN_LENGTH:
        raise BadPage("token too long")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise BadPage("unreadable token") from error
    if not isinstance(values, list) or len(values) != len(ordering.columns):
        raise BadPage("wrong number of values")
    pairs = zip(values, ordering.converters, strict=True)
    return [_read(value, model_field) for value, model_field in pairs]


def _read(value, model_field):
    if value is None:
        return None
    if isinstance(value, str) and "\x00" in value:
        raise BadPage("NUL byte")
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > MAX_INT:
        raise BadPage("number out of range")
    if not isinstance(value, str | int | float):
        raise BadPage("unexpected value")
    try:
        return model_field.to_python(value)
    except (ValidationError, TypeError, ValueError) as error:
        raise BadPage("value does not fit the column") from error


@dataclass
class Page:
    rows: list
    has_previous: bool
    has_next: bool
    previous_token: str | None = None  # "b.<token>" for the previous page
    next_token: str | None = None  # "a.<token>" for the next page
    is_first: bool = True


def paginate(queryset: QuerySet, ordering: Ordering, page: str, size: int) -> Page:
    """One page of ``queryset`` in ``ordering``; raises BadPage for an unreadable ``page``."""
    page = (page or "").strip()
    if page in ("", "1", "first"):
        rows = list(queryset.order_by(*ordering.order_by())[: size + 1])
        return _page(rows[:size], ordering, has_previous=False, has_next=len(rows) > size)
    backwards = ordering.reversed()
    if page == "last":
        rows = list(queryset.order_by(*backwards.order_by())[: size + 1])
        return _page(rows[:size][::-1], ordering, has_previous=len(rows) > size, has_next=False)
    direction, _, token = page.partition(".")
    if direction not in ("a", "b") or not token:
        raise BadPage("unknown page")
    values = decode(token, ordering)
    if direction == "a":
        rows = list(
            queryset.filter(ordering.after(values)).order_by(*ordering.order_by())[: size + 1]
        )
        return _page(rows[:size], ordering, has_previous=True, has_next=len(rows) > size)
    rows = list(
        queryset.filter(backwards.after(values)).order_by(*backwards.order_by())[: size + 1]
    )
    if len(rows) < size:
        # Back at the start with a short page: show the full first page instead.
        return paginate(queryset, ordering, "", size)
    return _page(rows[:size][::-1], ordering, has_previous=len(rows) > size, has_next=True)


def _page(rows: list, ordering: Ordering, *, has_previous: bool, has_next: bool) -> Page:
    page = Page(rows, has_previous, has_next, is_first=not has_previous)
    if rows and has_previous:
        page.previous_token = "b." + encode(row_values(rows[0], ordering))
    if rows and has_next:
        page.next_token = "a." + encode(row_values(rows[-1], ordering))
    return page
