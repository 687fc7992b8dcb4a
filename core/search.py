"""Finding records by any of their names, and the site search page (/suche/).

People and organisations keep their folded names in ``search_text`` (core.text.search_text).
Delegations, agreements and events only have titles, so :class:`Folded` folds a column in
the database the way :func:`core.text.fold` folds the query: lower case, accents removed,
"ß" → "ss". On PostgreSQL that is one ``TRANSLATE`` call (no extension or migration needed);
on SQLite it is core.text.fold itself, registered as a SQL function.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.apps import apps
from django.db.models import Func, Q, TextField, Value
from django.db.models.functions import Lower, Replace
from django.db.models.lookups import Contains
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.listing.access import ReaderRequiredMixin
from core.text import fold

# Letters that lose their accent, as fold() does via NFKD; lower case first.
_SINGLE = {
    "a": "àáâãäåāăą",
    "c": "çćĉċč",
    "d": "ďđ",
    "e": "èéêëēĕėęě",
    "g": "ĝğġģ",
    "h": "ĥħ",
    "i": "ìíîïĩīĭįı",
    "j": "ĵ",
    "k": "ķ",
    "l": "ĺļľŀł",
    "n": "ñńņňŉ",
    "o": "òóôõöøōŏő",
    "r": "ŕŗř",
    "s": "śŝşš",
    "t": "ţťŧ",
    "u": "ùúûüũūŭůűų",
    "w": "ŵ",
    "y": "ýÿŷ",
    "z": "źżž",
}
_MULTI = {"ß": "ss", "æ": "ae", "œ": "oe"}
_FROM = "".join(_SINGLE.values())
_TO = "".join(base * len(letters) for base, letters in _SINGLE.items())


class Folded(Func):
    """``fold(column)`` computed by the database, for columns without a ``search_text``."""

    output_field = TextField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        expression = Func(
            Lower(self.source_expressions[0]),
            Value(_FROM),
            Value(_TO),
            function="TRANSLATE",
            output_field=TextField(),
        )
        for letter, replacement in _MULTI.items():
            expression = Replace(expression, Value(letter), Value(replacement))
        return compiler.compile(expression)

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite cannot nest enough REPLACE calls (parser stack) and its LOWER only knows
        # ASCII, so it calls core.text.fold itself, registered on the connection.
        connection.ensure_connection()
        connection.connection.create_function("crm_fold", 1, fold, deterministic=True)
        sql, params = compiler.compile(self.source_expressions[0])
        return f"crm_fold({sql})", params

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(Lower(self.source_expressions[0]))


MAX_WORDS = 8


def _words(query: str) -> list[str]:
    """The folded words of a query; every one has to match (at most MAX_WORDS are used)."""
    return fold(query).split(" ")[:MAX_WORDS] if fold(query) else []


def text_q(query: str, *fields: str) -> Q:
    """Every word of ``query`` occurs in one of ``fields``, ignoring case and accents."""
    condition = Q()
    for word in _words(query):
        any_field = Q()
        for name in fields:
            any_field |= Q(Contains(Folded(name), word))
        condition &= any_field
    return condition


def names_q(query: str, field: str = "search_text") -> Q:
    """A SearchableName (person, organisation) whose names contain every word of ``query``."""
    condition = Q()
    for word in _words(query):
        condition &= Q(**{f"{field}__contains": word})
    return condition


# --- the site search page --------------------------------------------------------------------

RESULTS_PER_KIND = 20
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Section:
    model: str  # "app_label.Model": looked up by name so core imports no domain app
    title: str
    list_url: str
    detail_url: str
    title_fields: tuple[str, ...] = ()  # folded in the database; empty = use search_text
    select_related: tuple[str, ...] = ()

    def queryset(self, query: str):
        model = apps.get_model(self.model)
        condition = text_q(query, *self.title_fields) if self.title_fields else names_q(query)
        return model._default_manager.filter(condition).select_related(*self.select_related)


SECTIONS = (
    Section("people.Person", _("Personen"), "people:person_list", "people:person_detail"),
    Section(
        "people.Organisation",
        _("Organisationen"),
        "people:organisation_list",
        "people:organisation_detail",
    ),
    Section(
        "events.Event",
        _("Veranstaltungen"),
        "events:event_list",
        "events:event_detail",
        ("title", "venue_name", "city"),
    ),
    Section(
        "partnerships.Agreement",
        _("Vereinbarungen"),
        "partnerships:agreement_list",
        "partnerships:agreement_detail",
        ("title",),
    ),
    Section(
        "partnerships.Delegation",
        _("Delegationen"),
        "partnerships:delegation_list",
        "partnerships:delegation_detail",
        ("title", "destination_city", "origin_city"),
    ),
)


class SearchView(ReaderRequiredMixin, TemplateView):
    """One box, five kinds of records; each kind one query, the first results plus a link."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")
        error = ""
        if len(query) > MAX_QUERY_LENGTH:
            error = _("Der Suchbegriff ist zu lang (höchstens %(max)d Zeichen).") % {
                "max": MAX_QUERY_LENGTH
            }
        elif query and not fold(query):
            error = _("Der Suchbegriff enthält keine suchbaren Zeichen.")
        results = []
        if query and not error:
            for section in SECTIONS:
                rows = list(section.queryset(query)[: RESULTS_PER_KIND + 1])
                results.append(
                    {
                        "title": section.title,
                        "rows": rows[:RESULTS_PER_KIND],
                        "more": len(rows) > RESULTS_PER_KIND,
                        "list_url": f"{reverse(section.list_url)}?q={_quote(query)}",
                        "detail_url": section.detail_url,
                    }
                )
        context.update(
            query=query,
            error=error,
            results=results,
            found=sum(len(r["rows"]) for r in results),
        )
        return context


def _quote(text: str) -> str:
    return quote(text)
