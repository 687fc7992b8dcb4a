"""Database filters on the *end* of an approximate date's period.

A stored approximate date is the first day of its period ("Q3 2025" is 2025-07-01), so
"ends on or after day D" cannot compare the column with D directly. Periods of one precision
tile the calendar, which makes it exact to compare with the start of the period containing D.
"""

import datetime as dt

from django.db.models import Q

from core.approxdate import ApproxDate, Precision

_KNOWN = [p for p in Precision.values if p != Precision.UNKNOWN]


def ends_on_or_after(field: str, day: dt.date) -> Q:
    """Known dates whose period's last day is ``day`` or later."""
    q = Q()
    for precision in _KNOWN:
        start = ApproxDate.period_start(day, precision)
        q |= Q(**{f"{field}_precision": precision, f"{field}__gte": start})
    return q


def ends_on_or_before(field: str, day: dt.date) -> Q:
    """Known dates whose period's last day is ``day`` or earlier."""
    following = day + dt.timedelta(days=1)
    q = Q()
    for precision in _KNOWN:
        start = ApproxDate.period_start(following, precision)
        q |= Q(**{f"{field}_precision": precision, f"{field}__lt": start})
    return q


def is_unknown(field: str) -> Q:
    return Q(**{f"{field}_precision": Precision.UNKNOWN})
