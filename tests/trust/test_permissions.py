"""The permission table: every URL pattern of the project (admin included) × anonymous /
outsider (logged in, no role) / manager / editor / superuser × GET / POST, with the answer
each must get. A URL without an entry fails the suite; so does any POST by someone who may
not write that changes data (managers can never change data, through any page, export or
import).

Answers: a status code, "login" (sent to the site login) or "admin-login" (sent to the admin
login). POST bodies are what a writer would send (the filled-in change form, a delete
confirmation, a bulk delete), so a missing check would really change something.
"""

import re

import pytest
from django.db import transaction

from tests.trust.permission_setup import (
    ROLES,
    admin_model_of,
    calendar_secret,
    classify,
    clients,
    post_body,
    protected_state,
    records,
    route_url,
)
from tests.trust.urls_catalog import all_routes

LOGIN = ("login", "login")
ADMIN_LOGIN = ("admin-login", "admin-login")


def row(anonymous, outsider, manager, editor, superuser) -> dict:
    return dict(zip(ROLES, (anonymous, outsider, manager, editor, superuser), strict=True))


def same(answer) -> dict:
    return row(answer, answer, answer, answer, answer)


# Pages for managers and editors (and superusers); no POST.
READ = row(LOGIN, (403, 403), (200, 405), (200, 405), (200, 405))
# For every logged-in user.
ACCOUNT = row(LOGIN, (200, 405), (200, 405), (200, 405), (200, 405))

API_RESOURCES = ("organisation", "person", "delegation", "agreement", "event", "source", "topic")
API_LIST = row((401, 401), (403, 403), (200, 403), (200, 415), (200, 415))
API_DETAIL = row((401, 401), (403, 403), (200, 403), (200, 405), (200, 405))

SITE = {
    "home": ACCOUNT,
    "login": same((200, 200)),  # the form; a wrong or empty login shows it again
    "logout": row(LOGIN, (405, "login"), (405, "login"), (405, "login"), (405, "login")),
    "password_change": row(LOGIN, (200, 200), (200, 200), (200, 200), (200, 200)),
    "password_change_done": ACCOUNT,
    # Password reset is open to everyone (Django marks it login_not_required).
    "password_reset": same((200, 200)),
    "password_reset_done": same((200, 405)),
    "password_reset_confirm": same((200, 200)),  # an invalid link: the page says so
    "password_reset_complete": same((200, 405)),
    "set_language": row(LOGIN, (302, 302), (302, 302), (302, 302), (302, 302)),
    # Uploads follow the pages' roles; the view reads, whatever the method. More: MEDIA below.
    "media": row(LOGIN, (403, 403), (200, 200), (200, 200), (200, 200)),
    "search": READ,
    "people:organisation_list": READ,
    "people:organisation_detail": READ,
    "people:person_list": READ,
    "people:person_detail": READ,
    "people:person_vcard": READ,
    "partnerships:delegation_list": READ,
    "partnerships:delegation_detail": READ,
    "partnerships:agreement_list": READ,
    "partnerships:agreement_detail": READ,
    "events:event_list": READ,
    "events:event_detail": READ,
    "events:encounter_list": READ,
    "events:encounter_graph": READ,
    "events:encounter_graph_data": row(LOGIN, (403, 403), (200, 200), (200, 200), (200, 200)),
    "reports:dashboard": READ,
    "reports:partner_report": READ,
    "reports:period_report": READ,
    # POST manages the reader's own calendar link, not shared data.
    "reports:calendar": row(LOGIN, (403, 403), (200, 302), (200, 302), (200, 302)),
    # The secret in the address stands in for a login (here: a manager's live link).
    "reports:calendar_feed": same((200, 405)),
    # GDPR tools are for editors only.
    "privacy:person_export": row(LOGIN, (403, 405), (403, 405), (200, 405), (200, 405)),
    "privacy:person_erase": row(LOGIN, (403, 403), (403, 403), (200, 302), (200, 302)),
    "privacy:retention": row(LOGIN, (403, 405), (403, 405), (200, 405), (200, 405)),
    # Keeping the directory clean: editors only (the merge POST merges two organisations).
    "directory:duplicates": row(LOGIN, (403, 403), (403, 403), (200, 405), (200, 405)),
    "directory:merge": row(LOGIN, (403, 403), (403, 403), (200, 302), (200, 302)),
    # Personal API keys: each user's own (POST without a name: the form again, 400).
    "api_tokens": row(LOGIN, (403, 403), (200, 400), (200, 400), (200, 400)),
    # The JSON API answers 401 instead of a login redirect. These session POSTs are form
    # data, which the API refuses (415) before anything else once the role allows writing;
    # tests/api/test_permissions.py sends real JSON with API keys for every method.
    **dict.fromkeys((f"api:{r}-list" for r in API_RESOURCES), API_LIST),
    **dict.fromkeys((f"api:{r}-detail" for r in API_RESOURCES), API_DETAIL),
    "api:schema": row((401, 401), (403, 403), (200, 405), (200, 405), (200, 405)),
    "api:encounter-list": row((401, 401), (403, 403), (200, 405), (200, 405), (200, 405)),
    "api:docs": row(LOGIN, (403, 403), (200, 405), (200, 405), (200, 405)),
    "api:not_found": same((404, 404)),
    # The admin's own pages; non-staff (outsider) are sent to the admin login.
    "admin:index": row(ADMIN_LOGIN, ADMIN_LOGIN, (200, 200), (200, 200), (200, 200)),
    "admin:login": row((200, 200), (200, 200), (302, 200), (302, 200), (302, 200)),
    "admin:logout": row(ADMIN_LOGIN, (302, 302), (405, "login"), (405, "login"), (405, "login")),
    "admin:password_change": row(ADMIN_LOGIN, ADMIN_LOGIN, (200, 200), (200, 200), (200, 200)),
    "admin:password_change_done": row(ADMIN_LOGIN, ADMIN_LOGIN, (200, 405), (200, 405), (200, 405)),
    # Without a model and field to complete, the autocomplete refuses.
    "admin:autocomplete": row(ADMIN_LOGIN, ADMIN_LOGIN, (403, 405), (403, 405), (403, 405)),
    "admin:jsi18n": row(ADMIN_LOGIN, ADMIN_LOGIN, (200, 405), (200, 405), (200, 405)),
    # "Auf der Website ansehen": redirects to the record's page (get_absolute_url), which
    # checks the role itself.
    "admin:view_on_site": row(ADMIN_LOGIN, ADMIN_LOGIN, (302, 302), (302, 302), (302, 302)),
    "admin:app_list": row(ADMIN_LOGIN, ADMIN_LOGIN, (200, 200), (200, 200), (200, 200)),
    # A person's role on a date, for the participant rows: editors only, GET only.
    "admin:people_affiliation_at": row(LOGIN, ADMIN_LOGIN, (403, 405), (200, 405), (200, 405)),
}

# --- admin model pages, by family ------------------------------------------------------------

# What each staff role may do with each kind of model: (view, add, change, delete).
NOTHING = (False, False, False, False)
ALL = (True, True, True, True)
VIEW = (True, False, False, False)
ACCESS = {
    "domain": {"manager": VIEW, "editor": ALL, "superuser": ALL},
    "auth": {"manager": NOTHING, "editor": NOTHING, "superuser": ALL},
    # django-axes: its login records are written by django-axes only.
    "axes": {"manager": NOTHING, "editor": NOTHING, "superuser": (True, False, True, True)},
    # The erasure log is read-only for everyone.
    "privacy": {"manager": NOTHING, "editor": VIEW, "superuser": VIEW},
}
KIND = {
    "people": "domain",
    "partnerships": "domain",
    "contacts": "domain",
    "events": "domain",
    "followups": "domain",
}


def _staff_answer(view: str, access) -> tuple:
    can_view, can_add, can_change, can_delete = access
    if view == "changelist":  # POST: a bulk delete, which only deleters are offered
        return (200, 302 if can_delete else 200) if can_view else (403, 403)
    if view == "add":
        return (200, 200) if can_add else (403, 403)  # POST: an empty form comes back
    if view in {"change", "simple_history"}:
        if can_change:
            return (200, 302)
        return (200, 403) if can_view else (403, 403)
    if view == "delete":
        return (200, 302) if can_delete else (403, 403)
    if view == "history":
        return (200, 200) if can_view else (403, 403)
    if view == "import":  # spreadsheet import: "add" permission
        return (200, 200) if can_add else (403, 403)
    if view == "process_import":  # POST without a previewed file: refused (core.spreadsheets)
        return (405, 400) if can_add else (405, 403)
    if view == "export":  # spreadsheet export: reading
        return (200, 200) if can_view else (403, 403)
    if view == "import_articles":
        return (200, 200) if can_add else (403, 403)
    if view == "password_change":
        return (200, 200) if can_change else (403, 403)
    if view == "object":  # /admin/app/model/<pk>/ redirects to the change page
        return (302, 302)
    raise KeyError(view)


def admin_model_row(model, view: str) -> dict:
    kind = KIND.get(model._meta.app_label, model._meta.app_label)
    return row(
        LOGIN,
        ADMIN_LOGIN,
        *(_staff_answer(view, ACCESS[kind][role]) for role in ("manager", "editor", "superuser")),
    )


OBJECT_ROUTE = re.compile(r"^admin/(\w+)/(\w+)/<path:object_id>/$")


def expected(route) -> dict:
    """The table entry for ``route``; KeyError if there is none."""
    if route.name in SITE:
        return SITE[route.name]
    model, view = admin_model_of(route.name)
    if model is not None:
        return admin_model_row(model, view)
    if route.name is None:
        match = OBJECT_ROUTE.match(route.route)
        if match:
            from django.apps import apps

            return admin_model_row(apps.get_model(match[1], match[2]), "object")
        if route.route.startswith("admin/(?P<url>"):  # the admin's catch-all
            return row(ADMIN_LOGIN, ADMIN_LOGIN, (404, 404), (404, 404), (404, 404))
    raise KeyError(f"no entry in the permission table for {route.route!r} ({route.name})")


ROUTES = all_routes()


def test_every_url_pattern_has_an_entry():
    missing = []
    for route in ROUTES:
        try:
            expected(route)
        except KeyError as error:
            missing.append(str(error))
    assert missing == []
    assert len(ROUTES) > 150


def test_the_table_has_no_stale_entries():
    names = {route.name for route in ROUTES}
    assert set(SITE) - names == set()


@pytest.fixture
def world(db, editor, manager, outsider, superuser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "p.png").write_bytes(b"\x89PNG")
    users = {"outsider": outsider, "manager": manager, "editor": editor, "superuser": superuser}
    return {
        "objects": records(editor),
        "secret": calendar_secret(manager),
        "users": users,
        "clients": clients(users),
    }


def _ask(world, role, method, url, body):
    """One request, rolled back afterwards so that every request sees the same data."""
    client = world["clients"][role]
    if role in world["users"]:
        client.force_login(world["users"][role])  # a logout in an earlier request ended it
    writer = role in {"editor", "superuser"}
    before = protected_state() if method == "post" and not writer else None
    with transaction.atomic():
        response = client.post(url, body) if method == "post" else client.get(url)
        changed = before is not None and protected_state() != before
        transaction.set_rollback(True)
    return classify(response), changed


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name or r.route)
def test_permission_table(world, route):
    table = expected(route)
    url = route_url(route, world["objects"], "photos/p.png", world["secret"])
    body = post_body(route, url, world["objects"], world["clients"]["superuser"])
    answers, changes = {}, []
    for role in ROLES:
        got = []
        for method in ("get", "post"):
            answer, changed = _ask(world, role, method, url, body)
            got.append(answer)
            if changed:
                changes.append(f"{role} {method.upper()} changed data")
        answers[role] = tuple(got)
    assert changes == [], f"{url}: {changes}"
    assert answers == table, f"{url}"


# --- media files: every kind, a missing one, and names that try to leave the folder ---------

MEDIA_FILE = row(LOGIN, (403, 403), (200, 200), (200, 200), (200, 200))
# A reader learns that a file is missing; a login without a role must not (same 403 page).
MEDIA_MISSING = row(LOGIN, (403, 403), (404, 404), (404, 404), (404, 404))
MEDIA = {
    "photos/p.png": MEDIA_FILE,
    "logos/l.png": MEDIA_FILE,
    "agreements/a.pdf": MEDIA_FILE,
    "notes/n.pdf": MEDIA_FILE,
    "photos/gibt-es-nicht.png": MEDIA_MISSING,
    "gibt-es-nicht/": MEDIA_MISSING,
    "photos/../../secret.txt": MEDIA_MISSING,
    "%2e%2e/secret.txt": MEDIA_MISSING,
}


@pytest.fixture
def media_world(world, settings, tmp_path):
    media = tmp_path / "media"
    for name, content in {
        "photos/p.png": b"\x89PNG",
        "logos/l.png": b"\x89PNG",
        "agreements/a.pdf": b"%PDF-1.4",
        "notes/n.pdf": b"%PDF-1.4",
    }.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    (tmp_path / "secret.txt").write_text("outside the media folder")
    settings.MEDIA_ROOT = media
    return world


@pytest.mark.parametrize("name", list(MEDIA))
def test_media_permission_table(media_world, name):
    url = f"/media/{name}"
    answers, bodies = {}, {}
    for role in ROLES:
        got = []
        for method in ("get", "post"):
            client = media_world["clients"][role]
            response = client.post(url) if method == "post" else client.get(url)
            got.append(classify(response))
            if role == "outsider":
                bodies[method] = response.content
        answers[role] = tuple(got)
    assert answers == MEDIA[name], url
    # The outsider's answer says nothing about the file: the same page for every name.
    assert bodies["get"] == media_world["clients"]["outsider"].get("/media/x/y.png").content
