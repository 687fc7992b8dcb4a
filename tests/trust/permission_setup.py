"""Building blocks of the permission table: the roles, a record for every admin model, a URL
and a realistic POST body for every route, and how an answer is classified."""

import re

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people.models import Person
from privacy.models import ErasureRecord
from reports.models import CalendarToken
from tests import factories
from tests.trust.admin_forms import form_data
from tests.trust.samples import one_of_each

ROLES = ("anonymous", "outsider", "manager", "editor", "superuser")


def classify(response) -> str | int:
    """The answer as the table writes it: a status code, or where a redirect goes."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("login")):
            return "login"
        if location.startswith(reverse("admin:login")):
            return "admin-login"
        return 302
    return response.status_code


def records(editor) -> dict:
    """One record per admin model, each deletable (no protected links) so that a delete that
    should have been refused would really show."""
    samples = one_of_each()
    samples["people.Person"] = factories.make_person(email="a@example.org")
    samples["people.Organisation"] = factories.make_organisation(name="Freie Organisation")
    samples["auth.User"] = User.objects.create_user("victim", password="x-y-z-123456")
    samples["auth.Group"] = Group.objects.create(name="Testgruppe")
    samples["axes.AccessAttempt"] = AccessAttempt.objects.create(
        username="x", ip_address="192.0.2.1", user_agent="t", path_info="/", failures_since_start=1
    )
    samples["axes.AccessLog"] = AccessLog.objects.create(
        username="x", ip_address="192.0.2.1", user_agent="t", path_info="/"
    )
    samples["axes.AccessFailureLog"] = AccessFailureLog.objects.create(
        username="x", ip_address="192.0.2.1", user_agent="t", path_info="/"
    )
    from privacy.services import erase_person

    erased = factories.make_person()
    samples["privacy.ErasureRecord"] = erase_person(
        person=erased, user=editor, legal_reason="request"
    ).record
    return samples


def admin_model_of(name: str):
    """(model, view) for an admin route name like admin:people_person_change."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name and name.startswith(prefix):
            return model, name[len(prefix) :]
    return None, None


ADMIN_OBJECT_ROUTE = re.compile(r"^admin/(\w+)/(\w+)/<path:object_id>/$")


def route_url(route, objects: dict, media_file: str, secret: str) -> str:
    """A URL for ``route`` that reaches the real view (existing records, valid secret)."""
    name = route.name
    if name == "admin:people_affiliation_at":
        person = objects["people.Affiliation"].person_id
        return f"{reverse(name)}?person={person}&date=2018-11-16"
    model, view = admin_model_of(name)
    if model is not None:
        obj = objects[model._meta.label]
        if view == "simple_history":
            history_id = obj.history.order_by("-history_id").first().history_id
            return reverse(name, args=[obj.pk, history_id])
        if view in {"change", "delete", "history"}:
            return reverse(name, args=[obj.pk])
        if view == "password_change":
            return reverse(name, args=[obj.pk])
        return reverse(name)
    if name is None:
        match = ADMIN_OBJECT_ROUTE.match(route.route)
        if match:
            label = f"{match[1]}.{match[2]}"
            obj = next(o for k, o in objects.items() if k.lower() == label)
            return f"/admin/{match[1]}/{match[2]}/{obj.pk}/"
        if route.route.startswith("admin/(?P<url>"):
            return "/admin/gibt-es-nicht/"
        raise AssertionError(f"unnamed route {route.route}")
    by_pk = {
        "people:organisation_detail": "people.Organisation",
        "people:person_detail": "people.Person",
        "people:person_vcard": "people.Person",
        "partnerships:delegation_detail": "partnerships.Delegation",
        "partnerships:agreement_detail": "partnerships.Agreement",
        "events:event_detail": "events.Event",
        "privacy:person_export": "people.Person",
        "privacy:person_erase": "people.Person",
        "api:organisation-detail": "people.Organisation",
        "api:person-detail": "people.Person",
        "api:delegation-detail": "partnerships.Delegation",
        "api:agreement-detail": "partnerships.Agreement",
        "api:event-detail": "events.Event",
        "api:source-detail": "people.Source",
        "api:topic-detail": "people.Topic",
    }
    if name in by_pk:
        return reverse(name, args=[objects[by_pk[name]].pk])
    if name == "directory:merge":
        city = objects["people.Affiliation"].organisation_id
        return reverse(name, args=["organisation", objects["people.Organisation"].pk, city])
    if name == "media":
        return reverse(name, args=[media_file])
    if name == "reports:calendar_feed":
        return reverse(name, args=[secret])
    if name == "password_reset_confirm":
        return reverse(name, args=["MQ", "abc-123"])
    if name == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        person = objects["people.Person"]
        return reverse(name, args=[ContentType.objects.get_for_model(Person).pk, person.pk])
    if name == "admin:app_list":
        return reverse(name, args=["people"])
    return reverse(name)


def post_body(route, url: str, objects: dict, superuser_client) -> dict:
    """What a user who wants to change something would send to ``url``."""
    model, view = admin_model_of(route.name)
    if view in {"change", "simple_history"} or route.name in {"admin:auth_user_password_change"}:
        with transaction.atomic():
            page = superuser_client.get(url)
            transaction.set_rollback(True)
        data = form_data(page.content.decode()) if page.status_code == 200 else {}
        data.pop("_saveasnew", None)
        return data
    if view == "changelist" and model is not None:
        obj = objects[model._meta.label]
        return {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes",
                "index": "0"}  # fmt: skip
    if view == "delete":
        return {"post": "yes"}
    if route.name == "privacy:person_erase":
        return {"legal_reason": "request", "confirm": "on"}
    if route.name == "reports:calendar":
        return {"action": "create"}
    if route.name == "admin:people_person_export" or route.name == (
        "admin:people_organisation_export"
    ):
        return {"format": "0", "resource": "0"}
    return {}


def clients(users: dict) -> dict:
    result = {"anonymous": Client()}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


def protected_state() -> str:
    """Every row of the tables that hold data (the domain, users, groups, erasures)."""
    prefixes = ("people_", "partnerships_", "events_", "privacy_", "auth_user", "auth_group")
    chunks = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(prefixes):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                chunks.append(f"{table}: {sorted(map(repr, cursor.fetchall()))}")
    return "\n".join(chunks)


def now():
    return timezone.now()


def calendar_secret(user) -> str:
    _token, secret = CalendarToken.issue(user)
    return secret


__all__ = ["ErasureRecord"]
