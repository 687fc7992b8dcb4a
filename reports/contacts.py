"""Contacts with organisations: the rows behind "partners in contact" and "no contact since".

A contact is an organisation taking part in or hosting a held event, sending, joining or
organising a delegation, or being party to an agreement, dated by the event's, delegation's
or agreement's (stored, first-day) date. The same organisations appear "by partner" in the
period report (reports.period_report).

Every source is one indexed SELECT; they are combined with UNION so the database computes
the answer in one statement. (An OR of EXISTS subqueries per organisation was ~20 times
slower on PostgreSQL at a million participations.)
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from events.models import Event, Participation
from partnerships.models import AgreementParty, Delegation, DelegationMember
from people.models import Organisation

HELD = Event.Status.HELD


def contact_rows(since: dt.date | None = None, until: dt.date | None = None) -> list[QuerySet]:
    """One values queryset per kind of contact: ``contact_org``, ``contact_date``.

    ``since``/``until`` bound the contact date (inclusive ``since``, exclusive ``until``).
    """

    def dated(field: str) -> Q:
        q = Q(**{f"{field}__isnull": False})
        if since is not None:
            q &= Q(**{f"{field}__gte": since})
        if until is not None:
            q &= Q(**{f"{field}__lt": until})
        return q

    def rows(queryset, organisation: str, date: str) -> QuerySet:
        return (
            queryset.filter(dated(date), **{f"{organisation}__isnull": False})
            .order_by()
            .values(contact_org=F(organisation), contact_date=F(date))
        )

    return [
        rows(Participation.objects.filter(event__status=HELD), "organisation_id", "event__start"),
        rows(
            Event.hosts.through.objects.filter(event__status=HELD),
            "organisation_id",
            "event__start",
        ),
        rows(Delegation.objects, "origin_organisation_id", "start"),
        rows(Delegation.organisers.through.objects, "organisation_id", "delegation__start"),
        rows(DelegationMember.objects, "organisation_id", "delegation__start"),
        rows(AgreementParty.objects, "organisation_id", "agreement__signed_on"),
    ]


def organisations_in_contact(since: dt.date | None, until: dt.date | None) -> QuerySet:
    """Organisations with a contact in [since, until) as a queryset (one statement)."""
    ids = [part.values_list("contact_org", flat=True) for part in contact_rows(since, until)]
    return Organisation.objects.filter(pk__in=ids[0].union(*ids[1:]))


def last_contacts_before(
    cutoff: dt.date, limit: int, *, window: dt.timedelta = dt.timedelta(days=365)
) -> list[Organisation]:
    """Organisations whose latest contact is before ``cutoff``, most recent first.

    Each gets ``last_contact`` (a date). Only contacts from ``window`` before the cutoff on are
    read first: an organisation with a later contact drops out, and the most recently lapsed
    ones are all in that window. Only if it holds fewer than ``limit`` lapsed organisations is
    the whole history read (a second query).
    """
    found = _last_contacts(cutoff, limit, since=cutoff - window)
    if len(found) < limit:
        found = _last_contacts(cutoff, limit, since=None)
    return found


def _last_contacts(cutoff: dt.date, limit: int, since: dt.date | None) -> list[Organisation]:
    # The ORM cannot group over a UNION, so the per-source querysets are composed into one raw
    # statement; their SQL and parameters come from the ORM.
    first, *others = contact_rows(since=since)
    union = first.union(*others, all=True)
    union_sql, union_params = union.query.sql_with_params()
    table = Organisation._meta.db_table
    sql = (
        f"SELECT o.*, c.last_contact FROM {table} o INNER JOIN ("  # noqa: S608 - no user input
        f"SELECT contact_org, MAX(contact_date) AS last_contact FROM ({union_sql}) contacts "
        "GROUP BY contact_org HAVING MAX(contact_date) < %s"
        ") c ON c.contact_org = o.id ORDER BY c.last_contact DESC, o.name, o.id LIMIT %s"
    )
    found = list(Organisation.objects.raw(sql, [*union_params, cutoff, limit]))
    for organisation in found:
        if isinstance(organisation.last_contact, str):  # SQLite returns MAX() of dates as text
            organisation.last_contact = dt.date.fromisoformat(organisation.last_contact)
    return found
