"""The page shown when a request fails: never touches the database.

A failed request is often a failed database (PostgreSQL restarting, a dropped connection). Then
the page says so and answers 503 with ``Retry-After``, so browsers, proxies and monitoring see
a temporary outage rather than a bug; anything else is a 500. The template gets no request and
no context processors, which would query the database again.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10


def _database_unavailable() -> bool:
    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """``handler500``: 503 while the database is unreachable, else 500."""
    if _database_unavailable():
        status, heading = 503, _("Datenbank vorübergehend nicht erreichbar")
        message = _(
            "Die Datenbank antwortet gerade nicht, zum Beispiel während eines Neustarts. "
            "Es ging nichts verloren; bitte laden Sie die Seite in einigen Sekunden neu."
        )
    else:
        status, heading = 500, _("Interner Fehler")
        message = _(
            "Die Seite konnte wegen eines Fehlers nicht angezeigt werden. Der Fehler wurde "
            "protokolliert; bitte versuchen Sie es erneut oder wenden Sie sich an die Betreuung."
        )
    html = loader.get_template("errors/server_error.html").render(
        {"heading": heading, "message": message}
    )
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
