"""Named test users shared by every test: editor, manager, outsider (no role), admin."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from core.roles import EDITORS, MANAGERS

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every test user gets a password; the production hasher is slow by design (about 0.2 s
    a hash, a fifth of the suite's time). Production keeps Django's default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(django_user_model, username, *, group=None, staff=True, superuser=False):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=staff, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "editor", group=EDITORS)


@pytest.fixture
def manager(db, django_user_model):
    return _user(django_user_model, "manager", group=MANAGERS)


@pytest.fixture
def outsider(db, django_user_model):
    """Logged in, but in no role group and not staff."""
    return _user(django_user_model, "outsider", staff=False)


@pytest.fixture
def superuser(db, django_user_model):
    return _user(django_user_model, "admin", superuser=True)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def manager_client(manager):
    return _client_for(manager)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def superuser_client(superuser):
    return _client_for(superuser)
