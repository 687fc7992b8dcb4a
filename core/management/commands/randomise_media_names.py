"""Give files stored before random names (core.uploads) a random name too.

Every file field of every model is looked at, and its history table with it: a name that is
not random yet gets one, the file is renamed in MEDIA_ROOT and every row naming it (the record
and its history rows, which the GDPR erasure reads to find older photos) is updated. Files
are renamed first; if the database update fails, they are renamed back. ``QuerySet.update``
writes no new history entries: the history keeps telling what happened, under the new name.

    python manage.py randomise_media_names [--dry-run] [--json]
"""

import json
import os
import posixpath

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models, transaction
from simple_history.models import HistoricalChanges

from core.uploads import is_random_name, random_name


def file_fields():
    """(model, field name, [tables' models naming the same files]) for every file field."""
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue  # a history table: handled with its model
        history = getattr(getattr(model, "history", None), "model", None)
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field.name, [m for m in (model, history) if m is not None]


def plan() -> list[dict]:
    renames = []
    for model, field, tables in file_fields():
        names = set()
        for table in tables:
            names |= set(table._base_manager.exclude(**{field: ""}).values_list(field, flat=True))
        for name in sorted(n for n in names if n and not is_random_name(n)):
            new = random_name(name, posixpath.dirname(name))
            renames.append({"model": model._meta.label, "field": field, "tables": tables,
                            "old": name, "new": new})  # fmt: skip
    return renames


def _move(old: str, new: str) -> bool:
    if not default_storage.exists(old):
        return False  # lost already: the rows still get the new name, nothing can be guessed
    os.replace(default_storage.path(old), default_storage.path(new))
    return True


class Command(BaseCommand):
    help = "Gibt früher hochgeladenen Dateien einen zufälligen Namen (Datei und Datenbank)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zeigen, nichts ändern.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Ergebnis als JSON ausgeben."
        )

    def handle(self, *args, dry_run=False, as_json=False, **options):
        renames = plan()
        moved = []
        if not dry_run:
            try:
                for entry in renames:
                    if _move(entry["old"], entry["new"]):
                        moved.append(entry)
                with transaction.atomic():
                    for entry in renames:
                        for table in entry["tables"]:
                            table._base_manager.filter(**{entry["field"]: entry["old"]}).update(
                                **{entry["field"]: entry["new"]}
                            )
            except BaseException:
                for entry in reversed(moved):
                    _move(entry["new"], entry["old"])
                raise
        summary = {
            "dry_run": dry_run,
            "renamed": len(renames),
            "files_moved": len(moved),
            "by_field": {},
        }
        for entry in renames:
            key = f"{entry['model']}.{entry['field']}"
            summary["by_field"][key] = summary["by_field"].get(key, 0) + 1
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            verb = "würden umbenannt" if dry_run else "umbenannt"
            self.stdout.write(f"{len(renames)} Dateinamen {verb} ({len(moved)} Dateien bewegt).")
