"""The API tested against its own OpenAPI description (schemathesis): generated requests,
valid ones and invalid ones, for every operation, as an editor (who may do everything). No
answer may be a server error, and every answer must match the description: its status code
is one the operation documents, its content type and body the documented ones.

Examples per operation and mode: ``API_FUZZ_EXAMPLES`` (default 25; CI runs the default on
SQLite and on PostgreSQL). Each operation's requests run in one rolled-back transaction on a
small connected data set, so reads find real records and writes real references.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for
from tests.trust.samples import one_of_each

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

DESCRIPTION = SchemaGenerator().get_schema(request=None, public=True)
SCHEMA = schemathesis.openapi.from_dict(DESCRIPTION)
# The description itself is generated, not stored: fuzzing it costs seconds and tests
# nothing of ours (test_access checks who may read it).
OPERATIONS = [
    op
    for op in (result.ok() for result in SCHEMA.get_all_operations())
    if op.path != "/api/v1/schema/"
]


def test_every_operation_is_fuzzed():
    assert len(OPERATIONS) + 1 == sum(
        len([m for m in item if m in {"get", "post", "put", "patch", "delete"}])
        for item in DESCRIPTION["paths"].values()
    )
    assert len(OPERATIONS) >= 35


@pytest.fixture
def auth(editor):
    one_of_each()
    return {"Authorization": f"Token {token_for(editor)}"}


@pytest.fixture
def app():
    """The project's WSGI application, called in-process. As Django's test client does, the
    end of a request must not close the database connection: it holds the test's
    transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.label)
def test_api_matches_its_description(operation, mode, auth, app):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(headers=auth, checks=CHECKS, app=app)

    check()
