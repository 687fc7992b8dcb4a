"""Fixtures for the article import tests."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def articles_imported(django_db_setup, django_db_blocker):
    """The five article files imported once per test module, rolled back after the module.

    Tests that use it also take ``db``: each then runs in a savepoint inside this
    transaction, so a test that writes (or a failed import) cannot leak into the next test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_articles", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
