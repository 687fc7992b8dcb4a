"""Indexes for the event list and for title search (PostgreSQL only; a no-op on SQLite).

* ``event_list_date_idx``: the event list's default order, newest first, is
  ``start DESC NULLS LAST, title DESC, id`` (core/listing/keyset.py); its last page reads the
  reverse, ``start NULLS FIRST, title, id DESC``. One B-tree in exactly that order serves both
  ends with an index scan that stops after one page, instead of sorting 50,000 rows.
* ``event_*_folded_trgm``: the search page matches titles, venue names and cities with
  ``Folded(column) LIKE '%word%'`` (core/search.py). Computing that expression on every row
  costs seconds; trigram indexes over the very same expression turn it into index lookups.
  The expression below must stay identical to what ``core.search.Folded`` compiles to
  (tests/perf/test_indexes.py checks that the planner uses these indexes). A finer
  statistics target on the expressions lets the planner tell a rare name ("muller": use the
  index) from a common word; with the default it guessed ten times too many matches and
  walked the date index instead, evaluating the expression on thousands of rows.

Not in Meta.indexes: SQLite can neither build GIN indexes nor NULLS FIRST index columns.
"""

from django.db import migrations

_FROM = (
    "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňŉòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž"
)
_TO = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz"


def folded(column: str) -> str:
    """core.search.Folded on PostgreSQL, as SQL."""
    return (
        f"REPLACE(REPLACE(REPLACE(TRANSLATE(LOWER({column}), '{_FROM}', '{_TO}'), "
        "'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe')"
    )


INDEXES = {
    "event_list_date_idx": "events_event (start NULLS FIRST, title, id DESC)",
    **{
        f"event_{column}_folded_trgm": f"events_event USING gin (({folded(column)}) gin_trgm_ops)"
        for column in ("title", "venue_name", "city")
    },
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        if name.endswith("_trgm"):
            schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 1000")
    schema_editor.execute("ANALYZE events_event")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("people", "0002_search_text_trigram"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
