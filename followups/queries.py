"""The follow-up lists the start page, the dashboard and the reminders show."""

from __future__ import annotations

import datetime as dt

from followups.models import FollowUp

LIST_LIMIT = 15


def open_of(user, limit: int = LIST_LIMIT) -> list[FollowUp]:
    """The user's open follow-ups, the most urgent first."""
    return list(FollowUp.objects.open().of(user)[:limit])


def team_open(limit: int = LIST_LIMIT) -> list[FollowUp]:
    """Everyone's open follow-ups, the most urgent first, with their owners."""
    return list(FollowUp.objects.open().select_related("owner")[:limit])


def due_for_reminder(user, today: dt.date, days_ahead: int) -> list[FollowUp]:
    """What a reminder to ``user`` lists: open, overdue or due within ``days_ahead`` days."""
    return list(FollowUp.objects.of(user).due_by(today + dt.timedelta(days=days_ahead)))
