"""Finding records by any of their names or words (the search page: front.views.search).

Every searchable record keeps its names folded in ``search_text`` (people.models.SearchableName,
core.text.search_text): people and organisations their names and aliases, events, delegations
and agreements their title and places. A word matches when it occurs in ``search_text``
(``LIKE '%muller%'``, served by trigram indexes on PostgreSQL), accent- and case-insensitively.

Events, delegations and agreements also have long free text (``full_text_fields``: the
description, the purpose). On PostgreSQL that is searched with the German full-text search:
a document of the folded names (weight A) and the free text (weight B), matched with
``websearch_to_tsquery`` (stemming: "Wasserstoffs" finds "Wasserstoff"; quotes and ``-`` work
as on a web search engine). The document is a stored, generated ``tsvector`` column with a GIN
index (:class:`StoredDocument`, events and partnerships migrations 0003); the search page
ranks by it. On SQLite each word has to occur in the names or in the folded free text
(core.text.fold, registered as a SQL function) — no stemming.
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Expression, Func, Q, TextField
from django.db.models.lookups import Contains

from core.text import fold

FULL_TEXT_CONFIG = "german"
MAX_WORDS = 8
MIN_RANKED = 3  # a word this long is selective: the trigram and full-text indexes find it


class Folded(Func):
    """``fold(column)`` computed by SQLite (core.text.fold registered as a SQL function): the
    free text on SQLite, where there is no full-text search. Other databases: lower case."""

    output_field = TextField()
    arity = 1
    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra):
        connection.ensure_connection()
        connection.connection.create_function("crm_fold", 1, fold, deterministic=True)
        sql, params = compiler.compile(self.source_expressions[0])
        return f"crm_fold({sql})", params


def _words(query: str) -> list[str]:
    """The folded words of a query; every one has to match (at most MAX_WORDS are used)."""
    return fold(query).split(" ")[:MAX_WORDS] if fold(query) else []


def names_q(query: str, field: str = "search_text") -> Q:
    """A SearchableName whose names contain every word of ``query``."""
    condition = Q()
    for word in _words(query):
        condition &= Q(**{f"{field}__contains": word})
    return condition


def _full_text(model) -> bool:
    return bool(getattr(model, "full_text_fields", ())) and connection.vendor == "postgresql"


class StoredDocument(Expression):
    """The record's German full-text document, ``search_document`` (PostgreSQL only): the folded
    names with weight A and the free text with weight B, a ``tsvector`` column PostgreSQL
    generates (events and partnerships migrations 0003). Not a model field — SQLite has no
    ``tsvector`` — so this names the column of the query's own table."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def full_text_query(query: str) -> SearchQuery:
    """``query`` as a web-search style German query, as typed and folded (so "Kōriyama" in a
    description is found as typed, and "koriyama" in the folded names)."""
    typed = " ".join(query.replace("\x00", " ").split()[:MAX_WORDS])
    search = SearchQuery(fold(typed), config=FULL_TEXT_CONFIG, search_type="websearch")
    if typed.casefold() != fold(typed):
        search |= SearchQuery(typed, config=FULL_TEXT_CONFIG, search_type="websearch")
    return search


def search_q(model, query: str) -> Q:
    """Records of ``model`` (a SearchableName) that match ``query``: every word in the names,
    or, for records with free text, the German full-text search (PostgreSQL) or every word in
    the names or the folded free text (SQLite)."""
    fields = getattr(model, "full_text_fields", ())
    if not fields or not _words(query):
        return names_q(query)
    if _full_text(model):
        return names_q(query) | Q(SearchVectorExact(StoredDocument(), full_text_query(query)))
    condition = Q()
    for word in _words(query):
        anywhere = Q(search_text__contains=word)
        for name in fields:
            anywhere |= Q(Contains(Folded(name), word))
        condition &= anywhere
    return condition


def search_rank(model, query: str):
    """How well a record matches, best first (PostgreSQL): the full-text rank where there is
    free text (a word in the names weighs more than one in the description), else how closely
    a name matches the words ("Müller" before "Müllerschön"). None on SQLite, and for queries
    of only one- and two-letter words: those match most records, which the model's order
    serves from its index, where a rank would have to be computed for every one of them."""
    words = _words(query)
    if connection.vendor != "postgresql" or not any(len(w) >= MIN_RANKED for w in words):
        return None
    if _full_text(model):
        return SearchRank(StoredDocument(), full_text_query(query))
    return TrigramWordSimilarity(" ".join(words), "search_text")
