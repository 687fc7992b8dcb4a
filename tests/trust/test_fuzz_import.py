"""Property: any article file, however malformed, is either imported or refused with
problems that name the file and say what is wrong; nothing else ever happens (no crash, no
half write). 1,000 generated files per run (HYPOTHESIS_PROFILE=dev: 100)."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings

from articles.problems import ArticleImportError
from articles.schema import decode, parse_article
from articles.services import import_articles
from events.models import Event, Participation
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person, Source
from tests.trust.hostile import article_text

QUICK = os.environ.get("HYPOTHESIS_PROFILE") == "dev"
FUZZ = settings(
    max_examples=100 if QUICK else 1000,
    deadline=None,
    database=None,  # no .hypothesis folder in the tree; failures print their example
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
COUNTED = (Source, Organisation, Person, Agreement, Delegation, Event, Participation)
# Found by this test (the import now refuses it): PostgreSQL cannot store a NUL character
# ("\0" in YAML), SQLite can, so the import crashed on PostgreSQL only.
NUL_IN_TEXT = 'source:\n  publisher: Test\n  title: "Titel\\0mit NUL"\n'


class _RollBack(Exception):
    pass


def _counts():
    return [model.objects.count() for model in COUNTED]


def _import_or_explain(text: str, *, dry_run: bool):
    try:
        article = parse_article(text, file="fuzz.yaml")
        return import_articles(articles=[article], dry_run=dry_run)
    except ArticleImportError as error:
        assert error.problems, "refused without saying why"
        for problem in error.problems:
            assert problem.file == "fuzz.yaml"
            assert str(problem.message).strip()
        return None


@pytest.fixture
def existing(db):
    """The five articles already in the database, so names in generated files can match."""
    call_command("import_articles", stdout=io.StringIO())


def test_any_article_file_is_imported_or_explained(existing):
    @FUZZ
    @given(text=article_text())
    @example(text=NUL_IN_TEXT)
    def check(text):
        before = _counts()
        # A dry run leaves everything as it was, whatever the file.
        outcome = _import_or_explain(text, dry_run=True)
        event("imported" if outcome is not None else "refused")
        assert _counts() == before
        # A real run either writes or writes nothing; roll it back for the next example.
        try:
            with transaction.atomic():
                summary = _import_or_explain(text, dry_run=False)
                if summary is None:
                    assert _counts() == before
                raise _RollBack
        except _RollBack:
            pass

    check()


def test_any_bytes_are_decoded_or_explained():
    from hypothesis import strategies as st

    @FUZZ
    @given(data=st.binary(max_size=300))
    def check(data):
        try:
            text = decode(data, file="fuzz.yaml")
        except ArticleImportError as error:
            assert error.problems
            return
        assert isinstance(text, str)

    check()


def test_admin_upload_never_fails(existing, editor_client):
    """The same files through the admin's upload form: a page with the problems, never a 500."""
    url = reverse("admin:people_source_import_articles")

    @settings(FUZZ, max_examples=50 if QUICK else 200)
    @given(text=article_text())
    @example(text=NUL_IN_TEXT)
    def check(text):
        before = _counts()
        upload = SimpleUploadedFile("fuzz.yaml", text.encode("utf-8"), "application/x-yaml")
        response = editor_client.post(url, {"file": upload})
        assert response.status_code == 200
        assert _counts() == before  # the upload only previews

    check()
