"""Every API error as JSON that says what was wrong, and never a half-done write.

DRF's own answers (400 with the fields, 401, 403, 404, 405, 415, 429) keep their shape:
``{"detail": "..."}`` or ``{"<field>": ["..."]}``. Added here: a record still referred to by
others cannot be deleted (409, naming what refers to it), a body over ``API_MAX_BODY_BYTES``
is refused before it is read (413), and a database rule the validation did not foresee is a
400, not a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def check_body_size(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.API_MAX_BODY_BYTES:
        raise BodyTooLarge(
            _("Die Anfrage ist zu groß (%(size)s Bytes; höchstens %(max)s).")
            % {"size": length, "max": settings.API_MAX_BODY_BYTES}
        )


def handle(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        users = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        blocking = sorted({f"{o._meta.verbose_name}: {o}" for o in list(users)[:10]})
        return Response(
            {
                "detail": _("Der Datensatz wird noch verwendet und kann nicht gelöscht werden."),
                "used_by": blocking,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": _("Die Angaben verletzen eine Regel der Datenbank: %(error)s")
             % {"error": str(exc).splitlines()[0][:300]}},
            status=status.HTTP_400_BAD_REQUEST,
        )  # fmt: skip
    if isinstance(exc, Http404):
        exc = NotFound()  # Django's message names the model in English
    return exception_handler(exc, context)
