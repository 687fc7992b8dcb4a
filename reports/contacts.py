"""Contacts with organisations: the rows behind "partners in contact" and "no contact since".

A contact is an organisation taking part in or hosting a held event, sending, joining or
organising a delegation, or being party to an agreement, dated by the event's, delegation's
or agreement's (stored, first-day) date (events.involvement.contact_rows, the live definition).
The same organisations appear "by partner" in the period report (reports.period_report).

The dashboard reads the pre-aggregated tables of the activity app (contact years and the latest
contact per organisation, kept current on every write) instead of a UNION over the involvement
tables (docs/performance.md): a few thousand index entries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

from activity.models import OrganisationContact, OrganisationYear
from people.models import Organisation


def organisations_in_contact(year_from: int | None, year_to: int | None) -> QuerySet:
    """Ids of organisations with a contact dated in ``year_from..year_to`` (open ends: None),
    as a values queryset (``organisation_id``, possibly repeated: one per year)."""
    if year_from is None and year_to is None:
        return OrganisationContact.objects.values("organisation_id")
    years = OrganisationYear.objects.all()
    if year_from is not None:
        years = years.filter(year__gte=year_from)
    if year_to is not None:
        years = years.filter(year__lte=year_to)
    return years.values("organisation_id")


def last_contacts_before(cutoff: dt.date, limit: int) -> list[Organisation]:
    """Organisations whose latest contact is before ``cutoff``, most recent first (one query).

    Each gets ``last_contact`` (a date).
    """
    return list(
        Organisation.objects.filter(contact_summary__last_contact__lt=cutoff)
        .annotate(last_contact=F("contact_summary__last_contact"))
        .order_by("-last_contact", "name", "pk")[:limit]
    )
