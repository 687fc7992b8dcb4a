"""A stored, folded ``search_text`` on delegations and agreements, and their search indexes.

* ``search_text`` (people.models.SearchableName): the record's names folded (core.text.fold),
  one per line, rebuilt on save — delegations: title, origin and destination city; agreements:
  the title. Existing rows (and their history rows) are filled here, in batches.
* ``*_search_trgm`` (PostgreSQL): GIN ``search_text gin_trgm_ops`` for
  ``search_text LIKE '%muller%'``, as for people (people 0002). They replace the
  ``*_folded_trgm`` expression indexes of 0002: a stored column needs no per-row ``TRANSLATE``
  on recheck, so a common word costs what a rare one does.
* ``*_fulltext_idx`` (PostgreSQL): GIN over the German full-text document core.search builds
  (``core.search.full_text_document``): the folded names with weight A, the free text
  (``purpose``/``description``) with weight B. An expression index, not a stored ``tsvector``
  column: SQLite has no ``tsvector`` (a ``GeneratedField`` over ``SearchVector`` cannot be
  created there), a trigger or a save()-time update would be one more thing for bulk loads and
  ``QuerySet.update()`` to forget, and the document is short, so computing it again for the
  ranked rows costs little. The SQL below must stay identical to what core.search compiles
  to; tests/perf/test_indexes.py checks that the planner uses these indexes.

events/migrations/0003 reuses the helpers defined here.
"""

import importlib

from django.db import migrations, models

from core.text import search_text

BATCH = 2000


def fill_search_text(app_label: str, names: dict[str, tuple[str, ...]]):
    """RunPython code: ``search_text`` of every row and history row of the models in ``names``
    (model name → the columns its ``all_names()`` reads, as they are at this migration)."""

    def run(apps, schema_editor):
        connection = schema_editor.connection
        for model_name, columns in names.items():
            for name in (model_name, f"historical{model_name}"):
                model = apps.get_model(app_label, name)
                pk = model._meta.pk
                update = (
                    f"UPDATE {connection.ops.quote_name(model._meta.db_table)} "
                    f"SET search_text = %s WHERE {connection.ops.quote_name(pk.column)} = %s"
                )
                rows = model._default_manager.order_by(pk.attname)
                last = None
                while True:
                    batch = rows.filter(**{f"{pk.attname}__gt": last}) if last else rows
                    batch = list(batch.values_list(pk.attname, *columns)[:BATCH])
                    if not batch:
                        break
                    with connection.cursor() as cursor:
                        cursor.executemany(update, [(search_text(*r[1:]), r[0]) for r in batch])
                    last = batch[-1][0]

    return run


def trigram_index(table: str) -> str:
    return f"{table} USING gin (search_text gin_trgm_ops)"


def full_text_index(table: str, text_column: str) -> str:
    """core.search.full_text_document(text_column) on PostgreSQL, as an index definition."""
    return (
        f"{table} USING gin ((setweight(to_tsvector('german'::regconfig, "
        f"COALESCE(search_text, '')), 'A') || setweight(to_tsvector('german'::regconfig, "
        f"COALESCE({text_column}, '')), 'B')))"
    )


def postgresql_indexes(create: dict[str, str], replaces: str, tables: tuple[str, ...]):
    """A RunPython, on PostgreSQL only: drop the ``*_folded_trgm`` indexes of the migration
    ``replaces`` (a module path), create ``create`` (name → definition), analyse ``tables``;
    in reverse, drop ``create`` and let ``replaces`` make its indexes again."""
    earlier = importlib.import_module(replaces)
    dropped = [name for name in earlier.INDEXES if name.endswith("_folded_trgm")]

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name in dropped:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        for name, definition in create.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        for table in tables:
            schema_editor.execute(f"ANALYZE {table}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in create:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        earlier.create(apps, schema_editor)  # CREATE INDEX IF NOT EXISTS: only the dropped ones

    return migrations.RunPython(forwards, backwards, elidable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_list_and_search_indexes"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name,
                name="search_text",
                field=models.TextField(blank=True, default="", editable=False),
            )
            for model_name in (
                "agreement",
                "delegation",
                "historicalagreement",
                "historicaldelegation",
            )
        ),
        migrations.RunPython(
            fill_search_text(
                "partnerships",
                {
                    "delegation": ("title", "origin_city", "destination_city"),
                    "agreement": ("title",),
                },
            ),
            migrations.RunPython.noop,
            elidable=False,
        ),
        postgresql_indexes(
            {
                "delegation_search_trgm": trigram_index("partnerships_delegation"),
                "agreement_search_trgm": trigram_index("partnerships_agreement"),
                "delegation_fulltext_idx": full_text_index("partnerships_delegation", "purpose"),
                "agreement_fulltext_idx": full_text_index("partnerships_agreement", "description"),
            },
            replaces="partnerships.migrations.0002_list_and_search_indexes",
            tables=("partnerships_delegation", "partnerships_agreement"),
        ),
    ]
