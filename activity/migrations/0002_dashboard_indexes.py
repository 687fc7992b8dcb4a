"""Partial indexes for the dashboard's "as of today" lists (PostgreSQL only; a no-op on SQLite).

They live on events and partnerships tables but serve only reports.queries, so they are made
here, beside the dashboard's other derived structures, and not in those apps' Meta.indexes
(the same reason as events/0002: SQLite would silently drop them when it remakes a table).

* ``event_planned_start_idx``: ``upcoming_events``, its part "planned, but dated before today
  or undated", in the list's order (``start NULLS LAST, title, id``); without it that part
  walked every past event of the start index (45,000 at scale L).
* ``agreement_active_until_idx``: ``expiring_agreements`` walks active agreements in the
  list's order (``valid_until NULLS LAST, title, id``) and stops after 15; the included date
  columns let ``agreement_figures`` count active agreements in force from the index alone.
"""

from django.db import migrations

INDEXES = {
    "event_planned_start_idx": (
        "events_event (start, title, id) WHERE status = 'planned'",
        "events_event",
    ),
    "agreement_active_until_idx": (
        "partnerships_agreement (valid_until, title, id) INCLUDE (valid_until_precision, "
        "signed_on, signed_on_precision, valid_from, valid_from_precision) "
        "WHERE status = 'active'",
        "partnerships_agreement",
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (definition, table) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0001_initial"),
        ("events", "0002_list_and_search_indexes"),
        ("partnerships", "0002_list_and_search_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
