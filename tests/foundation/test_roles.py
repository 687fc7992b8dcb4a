import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.roles import EDITORS, MANAGERS, is_editor, is_manager

pytestmark = pytest.mark.django_db


def test_groups_exist_with_the_right_permissions():
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    managers = set(Group.objects.get(name=MANAGERS).permissions.values_list("codename", flat=True))
    for model in ["organisation", "person", "delegation", "agreement", "event", "participation"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= editors
        assert f"view_{model}" in managers
    assert all(code.startswith("view_") for code in managers)


def test_demo_users_created_and_reset(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("demo_users")
    call_command("demo_users")  # a second run resets, it does not duplicate
    User = get_user_model()
    editor, manager = User.objects.get(username="editor"), User.objects.get(username="manager")
    assert editor.check_password("demo-pass-123") and manager.check_password("demo-pass-123")
    assert is_editor(editor) and not is_editor(manager)
    assert is_manager(manager) and is_manager(editor)
    assert editor.is_staff and not editor.is_superuser


def test_demo_users_random_password_printed_once(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("demo_users")
    printed = capsys.readouterr().out
    password = printed.rsplit(": ", 1)[1].strip()
    assert get_user_model().objects.get(username="editor").check_password(password)


def test_outsider_has_no_role(outsider):
    assert not is_editor(outsider) and not is_manager(outsider)
