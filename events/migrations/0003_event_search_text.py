"""A stored, folded ``search_text`` on events (title, venue name, city) and its indexes.

The same change as partnerships/migrations/0003_search_text (see there, whose helpers this
reuses): the column, filled for existing rows and history rows; on PostgreSQL
``event_search_trgm`` (trigram, for ``search_text LIKE '%muller%'``) in place of the three
``event_*_folded_trgm`` expression indexes, and the stored German full-text document
``search_document`` (the folded names, weight A, and the description, weight B) with its GIN
index ``event_fulltext_idx``.
"""

import importlib

from django.db import migrations

_helpers = importlib.import_module("partnerships.migrations.0003_search_text")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_list_and_search_indexes"),
        ("partnerships", "0003_search_text"),
    ]

    operations = [
        *_helpers.search_text_operations("events", {"event": ("title", "venue_name", "city")}),
        _helpers.postgresql_indexes(
            {
                "event_search_trgm": _helpers.trigram_index("events_event"),
                "event_fulltext_idx": _helpers.full_text_index("events_event"),
            },
            replaces="events.migrations.0002_list_and_search_indexes",
            tables=("events_event",),
            documents={"events_event": "description"},
        ),
    ]
