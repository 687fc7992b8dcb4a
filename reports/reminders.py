"""The reminder mail: each owner's due and overdue follow-ups and the agreements ending soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.roles import EDITORS, MANAGERS
from followups import queries as followup_queries
from reports import queries


@dataclass
class Reminder:
    user: object
    followups: list
    agreements: list


def recipients():
    """Active users with an address who read the data (managers, editors, superusers)."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    role = Q(is_superuser=True) | Q(groups__name__in=[EDITORS, MANAGERS])
    return users.filter(role).distinct().order_by("username")


def reminders(today: dt.date, days_ahead: int) -> list[Reminder]:
    """One reminder per recipient who has something to be reminded of."""
    agreements = queries.expiring_agreements(today)
    due = []
    for user in recipients():
        followups = followup_queries.due_for_reminder(user, today, days_ahead)
        if followups or agreements:
            due.append(Reminder(user, followups, agreements))
    return due


def message(reminder: Reminder, today: dt.date, language: str) -> EmailMessage:
    with translation.override(language):
        context = {"reminder": reminder, "today": today}
        subject = _("Wiedervorlagen und auslaufende Vereinbarungen, Stand %(day)s") % {
            "day": today.strftime("%d.%m.%Y")
        }
        body = render_to_string("reports/reminder_mail.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email])
