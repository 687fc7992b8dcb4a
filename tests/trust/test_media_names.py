"""``manage.py randomise_media_names`` gives files stored before random names a random name:
the file is renamed, the record and every history row follow, so the GDPR erasure still finds
every older photo."""

import io
import json

import pytest
from django.core.management import call_command

from core.uploads import is_random_name
from partnerships.models import Agreement
from people.models import Organisation, Person
from privacy.services import erase_person
from tests import factories


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("photos/thomas-kufen.png", "photos/thomas-kufen-2024.png", "logos/essen.png"):
        (settings.MEDIA_ROOT / name).parent.mkdir(parents=True, exist_ok=True)
        (settings.MEDIA_ROOT / name).write_bytes(name.encode())
    return settings.MEDIA_ROOT


@pytest.fixture
def old_names(media_root, editor):
    person = factories.make_person(photo="photos/thomas-kufen.png")
    person.photo = "photos/thomas-kufen-2024.png"  # the first photo stays in the history
    person.save()
    organisation = factories.make_organisation(logo="logos/essen.png")
    agreement = factories.make_agreement(parties=[organisation, factories.make_organisation()])
    agreement.document = "agreements/verloren.pdf"  # the file is gone; the name still tells
    agreement.save()
    return {"person": person, "organisation": organisation, "agreement": agreement}


def _run(*args) -> dict:
    out = io.StringIO()
    call_command("randomise_media_names", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def _all_names() -> list[str]:
    names = []
    for model, field in ((Person, "photo"), (Organisation, "logo"), (Agreement, "document")):
        for table in (model, model.history.model):
            names += [n for n in table.objects.values_list(field, flat=True) if n]
    return names


def _files(root) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_dry_run_changes_nothing(old_names, media_root):
    before_names, before_files = sorted(_all_names()), _files(media_root)
    summary = _run("--dry-run")
    assert summary["renamed"] == 4
    assert sorted(_all_names()) == before_names
    assert _files(media_root) == before_files


def test_old_names_become_random_in_files_records_and_history(
    old_names, media_root, editor, django_capture_on_commit_callbacks
):
    contents = sorted(_files(media_root).values())
    summary = _run()
    assert summary == {
        "dry_run": False, "renamed": 4, "files_moved": 3,
        "by_field": {"people.Organisation.logo": 1, "people.Person.photo": 2,
                     "partnerships.Agreement.document": 1},
    }  # fmt: skip
    names = _all_names()
    assert names and all(is_random_name(n) for n in names), names
    assert not any("kufen" in n or "essen" in n or "verloren" in n for n in names)
    files = _files(media_root)
    assert sorted(files.values()) == contents  # the same files, nothing lost
    person = Person.objects.get(pk=old_names["person"].pk)
    assert files[person.photo.name] == b"photos/thomas-kufen-2024.png"
    assert person.photo.name.startswith("photos/") and person.photo.name.endswith(".png")
    assert _run()["renamed"] == 0  # a second run finds nothing to do
    # The erasure still finds the older photo through the history, and removes both files.
    with django_capture_on_commit_callbacks(execute=True):  # files go after the commit
        erase_person(person=person, user=editor, legal_reason="request")
    assert [n for n in _files(media_root) if n.startswith("photos/")] == []


def test_a_failed_database_update_renames_the_files_back(old_names, media_root, monkeypatch):
    from django.db.models import QuerySet

    before = _files(media_root)

    def broken_update(self, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(QuerySet, "update", broken_update)
    with pytest.raises(RuntimeError):
        _run()
    assert _files(media_root) == before
