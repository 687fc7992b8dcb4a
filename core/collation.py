"""German sort order ("Göbel" before "Grützenbach", "Ärzte" among the A) on both databases.

PostgreSQL sorts with its ICU collation ``de-x-icu``; SQLite with a collation of the same name
role, ``german``, that every new SQLite connection registers (``register_sqlite_collation``,
connected in core.apps): it compares names as DIN 5007-1 does (umlauts as their base letter,
ß as ss, case and accents second).

``german_ordering`` turns an ordering (``["name"]``, ``["-family_name", "given_name"]``) into
one that sorts the text columns so; the admin's changelists use it (core.admin). The list
pages keep their indexed byte order.
"""

from django.db import models
from django.db.models import F, OrderBy
from django.db.models.functions import Collate

from core.text import fold

POSTGRESQL_COLLATION = "de-x-icu"
SQLITE_COLLATION = "german"


def german_key(text: str) -> tuple[str, str, str, str]:
    """DIN 5007-1: by the letters without accents and case first, then case-insensitively,
    then lower case before upper case, as ICU does (so equal names still have one order)."""
    return fold(text), text.casefold(), text.swapcase(), text


def _compare(a: str, b: str) -> int:
    left, right = german_key(a), german_key(b)
    return (left > right) - (left < right)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: teach each new SQLite connection the German order."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


class German(Collate):
    """``expression COLLATE`` the German collation of the database at hand."""

    def __init__(self, expression):
        super().__init__(expression, POSTGRESQL_COLLATION)

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(SQLITE_COLLATION)
        return super().as_sql(compiler, connection, **extra_context)


_TEXT_FIELDS = (models.CharField, models.TextField)


def _text_field(model, path: str) -> bool:
    """Whether ``path`` ("name", "person__family_name") ends in a text column of ``model``."""
    *relations, name = path.split("__")
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
            if model is None:
                return False
        field = model._meta.get_field(name)
    except Exception:  # not a field (an annotation, "?", a transform): leave it alone
        return False
    return isinstance(field, _TEXT_FIELDS) and not field.choices


def german_order(model, item):
    """One ordering item, German-collated when it names a text column."""
    if isinstance(item, str):
        name = item.removeprefix("-")
        if _text_field(model, name):
            return OrderBy(German(F(name)), descending=item.startswith("-"))
    elif (
        isinstance(item, OrderBy)
        and isinstance(item.expression, F)
        and _text_field(model, item.expression.name)
    ):
        return OrderBy(
            German(item.expression),
            descending=item.descending,
            nulls_first=item.nulls_first,
            nulls_last=item.nulls_last,
        )
    return item


def german_ordering(model, ordering) -> list:
    return [german_order(model, item) for item in ordering]
