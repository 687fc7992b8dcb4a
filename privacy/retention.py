"""Who has had no activity for a while, so staff can review whether to keep their data.

Activity is: taking part in an event, travelling with or leading a delegation, signing an
agreement (each counted at its date; events without a known date do not count), or the
person's record being edited. Already erased people are left out.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db.models import DateField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from events.involvement import person_tables
from people.models import Person

NEVER = dt.date(1900, 1, 1)


def retention_months() -> int:
    return getattr(settings, "PRIVACY_RETENTION_MONTHS", 24)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (or that month's last day if it is shorter)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return dt.date(year, month_index + 1, min(day.day, last_day))


def _latest(queryset, date_path: str):
    latest = (
        queryset.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(latest=Max(date_path))
        .values("latest")
    )
    return Coalesce(Subquery(latest, output_field=DateField()), Value(NEVER))


def with_last_activity(queryset):
    """``queryset`` of people annotated with ``last_activity`` (a date), in one query."""
    return queryset.annotate(
        last_activity=Greatest(
            TruncDate("updated_at"),
            *(_latest(table.model.objects, table.date) for table in person_tables()),
            output_field=DateField(),
        )
    )


def inactive_people(*, months: int | None = None, today: dt.date | None = None):
    """People without activity since ``months`` months before ``today``, longest idle first."""
    months = retention_months() if months is None else months
    cutoff = months_before(today or timezone.localdate(), months)
    return (
        with_last_activity(Person.objects.filter(erased_at__isnull=True))
        .filter(last_activity__lt=cutoff)
        .order_by("last_activity", "family_name", "given_name", "pk")
    )
