"""Trigram indexes for name search (PostgreSQL only; a no-op on SQLite).

List pages, the search page and the admin find records with
``search_text__contains=fold(q)``, i.e. ``search_text LIKE '%muller%'``. A B-tree cannot serve
a leading wildcard; a GIN index with ``gin_trgm_ops`` can, so a name search on 100,000 people
reads a few index pages instead of the whole table. ``search_text`` already holds the
accent-free, lower-case names (core.text.fold), so no unaccent() is needed at query time.

Not declared in Meta.indexes on purpose: SQLite cannot build GIN indexes, and a model-state
index would be re-created (and fail) whenever SQLite remakes the table.
"""

from django.db import migrations

INDEXES = {
    "organisation_search_trgm": "people_organisation",
    "person_search_trgm": "people_person",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
