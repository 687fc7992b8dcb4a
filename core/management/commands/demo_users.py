"""Create or reset the demo accounts ``editor`` and ``manager``."""

import json
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from core.roles import EDITORS, MANAGERS

DEMO_ACCOUNTS = {"editor": EDITORS, "manager": MANAGERS}


class Command(BaseCommand):
    help = "Legt die Demo-Konten editor und manager an (Passwort: DEMO_PASSWORD)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben.")

    @transaction.atomic
    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        generated = not os.environ.get("DEMO_PASSWORD")
        User = get_user_model()
        for username, group_name in DEMO_ACCOUNTS.items():
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = False
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
        if options["json"]:
            self.stdout.write(json.dumps({"users": list(DEMO_ACCOUNTS), "password": password}))
            return
        source = "zufällig erzeugt, wird nur jetzt angezeigt" if generated else "aus DEMO_PASSWORD"
        self.stdout.write(f"Demo-Konten: editor, manager – Passwort ({source}): {password}")
