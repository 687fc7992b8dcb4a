"""The two staff roles: Editors write, Managers read. Superusers may do everything.

The groups are created by a migration (core/migrations/0001_roles.py); their permissions are
kept in step with the models after every migrate, so a new model is covered automatically.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
MANAGERS = "Managers"

# Apps whose data the roles work on.
DOMAIN_APPS = ("people", "partnerships", "contacts", "events", "followups")
WRITE_ACTIONS = ("add", "change", "delete")


def _in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_cache = cache
    return name in cache


def is_editor(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, EDITORS))


def is_manager(user) -> bool:
    """Managers read everything; editors and superusers can read too."""
    return user.is_authenticated and (is_editor(user) or _in_group(user, MANAGERS))


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give Editors every permission on the domain apps and Managers every view permission."""
    editors = Group.objects.using(using).filter(name=EDITORS).first()
    managers = Group.objects.using(using).filter(name=MANAGERS).first()
    if editors is None or managers is None:
        return
    domain = Permission.objects.using(using).filter(content_type__app_label__in=DOMAIN_APPS)
    view = domain.filter(codename__startswith="view_")
    write = domain.filter(codename__regex=r"^(add|change|delete|view)_")
    editors.permissions.set(write)
    managers.permissions.set(view)
