"""The login brute-force limit (django-axes), counted two ways:

* per username *and* address: ``AXES_FAILURE_LIMIT`` (5) failures lock that pair out;
* per address, across all usernames: ``AXES_ADDRESS_FAILURE_LIMIT`` (20) failures lock the
  address out for every username, so an attacker who tries one password on many accounts
  (password spraying) is stopped too.

Both count the failures of the last ``AXES_COOLOFF_TIME`` (15 minutes). The address count is
higher because colleagues behind one office address share it: twenty mistyped passwords in a
quarter of an hour lock the office out, five lock only the one account from that address.
Installed as ``AXES_HANDLER``; django-axes imports it lazily (it needs the models loaded).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request) -> int:
    """Failed logins from the request's address within the cool-off, whatever the username."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    """django-axes' database handler plus the per-address count. An address over its limit
    reports the pair's limit as its failure count, so axes locks it out (HTTP 429, the same
    German page) through its own checks: before the password is tested, and after a failure."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures < limit and address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return limit
        return failures
