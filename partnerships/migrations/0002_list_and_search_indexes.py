"""Indexes for the delegation and agreement lists and for title search (PostgreSQL only).

* ``delegation_list_date_idx`` / ``agreement_list_date_idx``: the lists' default order, newest
  first (``start``/``signed_on DESC NULLS LAST, title DESC, id``, see core/listing/keyset.py),
  and its reverse for the last page, read straight from one B-tree each.
* ``*_folded_trgm``: the search page matches agreement titles and delegation titles and
  cities with ``Folded(column) LIKE '%word%'`` (core/search.py); trigram indexes over the same
  expression (it must stay identical to what ``core.search.Folded`` compiles to; see
  events/migrations/0002 and tests/perf/test_indexes.py).

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


def _trigram(prefix: str, table: str, columns: tuple[str, ...]) -> dict:
    return {
        f"{prefix}_{column}_folded_trgm": f"{table} USING gin (({folded(column)}) gin_trgm_ops)"
        for column in columns
    }


INDEXES = {
    "delegation_list_date_idx": "partnerships_delegation (start NULLS FIRST, title, id DESC)",
    "agreement_list_date_idx": "partnerships_agreement (signed_on NULLS FIRST, title, id DESC)",
    **_trigram("agreement", "partnerships_agreement", ("title",)),
    **_trigram(
        "delegation", "partnerships_delegation", ("title", "destination_city", "origin_city")
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        if name.endswith("_trgm"):
            # Fine statistics so a rare name is told apart from a common word (see events 0002).
            schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 1000")
    schema_editor.execute("ANALYZE partnerships_agreement")
    schema_editor.execute("ANALYZE partnerships_delegation")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
        ("people", "0002_search_text_trigram"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
