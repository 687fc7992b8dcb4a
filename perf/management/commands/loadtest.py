"""``manage.py loadtest``: drive a running server on loopback with N clients for a while.

    manage.py loadtest --base-url http://127.0.0.1:8931 --clients 4 --seconds 60 \\
        --paths /personen/,/berichte/ --as-user bench-manager [--fault-at 20 \\
        --fault-command "pg_ctlcluster --skip-systemctl-redirect 15 main restart"]

Logs in by creating a session for ``--as-user`` in the configured database (so the server
must use the same database), or takes a ``--cookie``. Prints a JSON summary.
"""

import json
import shlex

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError

from perf.loadtest import LoadTestError, run_load, summary, timeline


def session_cookie(username: str) -> str:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Benutzer {username!r} gibt es in dieser Datenbank nicht.")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Command(BaseCommand):
    help = "Lasttest gegen einen laufenden Server auf 127.0.0.1 (begrenzte Dauer)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8931")
        parser.add_argument("--clients", type=int, default=4)
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--paths", required=True, help="Kommagetrennte Pfade.")
        parser.add_argument("--as-user", help="Als dieser Benutzer anmelden (neue Sitzung).")
        parser.add_argument("--cookie", help="Cookie-Kopfzeile statt --as-user.")
        parser.add_argument(
            "--https-proxy-header",
            action="store_true",
            help="X-Forwarded-Proto: https senden (Server im Produktionsmodus hinter Proxy).",
        )
        parser.add_argument("--fault-command", help="Einmal ausführen, z. B. ein DB-Neustart.")
        parser.add_argument("--fault-at", type=float, help="Sekunde, zu der der Fehler kommt.")
        parser.add_argument("--timeline", action="store_true", help="Anfragen je Sekunde.")
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="Sekunden, ab denen eine Anfrage scheitert."
        )

    def handle(self, *args, **options):
        headers = {"Accept": "text/html"}
        if options["cookie"]:
            headers["Cookie"] = options["cookie"]
        elif options["as_user"]:
            headers["Cookie"] = session_cookie(options["as_user"])
        if options["https_proxy_header"]:
            headers["X-Forwarded-Proto"] = "https"
        try:
            run = run_load(
                base_url=options["base_url"],
                paths=[p.strip() for p in options["paths"].split(",") if p.strip()],
                clients=options["clients"],
                seconds=options["seconds"],
                headers=headers,
                fault_command=shlex.split(options["fault_command"] or ""),
                fault_at=options["fault_at"],
                timeout=options["timeout"],
            )
        except LoadTestError as error:
            raise CommandError(str(error)) from None
        result = summary(run)
        if options["timeline"]:
            result["timeline"] = timeline(run)
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
