"""API clients: each role with a token of its own (the API's own way in)."""

import pytest
from django.test import Client

from api.models import ApiToken


def token_for(user) -> str:
    _token, key = ApiToken.objects.create(user=user, name="Test")
    return key


def token_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token_for(user)}")


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """The rate limit has its own test; the others send many requests quickly."""
    settings.API_RATE_LIMIT = "100000/minute"


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def manager_api(manager):
    return token_client(manager)


@pytest.fixture
def outsider_api(outsider):
    return token_client(outsider)
