"""The role a person held on a given day: what the admin fills in for a participant (event,
delegation, agreement) when only the person is chosen."""

import datetime as dt

from people.models import Affiliation


def _holds_on(affiliation: Affiliation, day: dt.date) -> bool:
    """Whether the role covers ``day``. An approximate bound counts its whole period ("seit
    2018" holds on 1 January 2018, "bis März 2020" until 31 March); an unknown one is open."""
    since, until = affiliation.since_date, affiliation.until_date
    return (not since.is_known or since.start <= day) and (not until.is_known or day <= until.end)


def affiliation_at(person, day: dt.date | None) -> Affiliation | None:
    """The role ``person`` (a Person or its pk) held on ``day``: the main role first, then the
    most recently begun one. Without a day, the role they hold now (no end date).

    One query; the organisation comes with it.
    """
    person_id = getattr(person, "pk", person)
    if person_id is None:
        return None
    rows = list(Affiliation.objects.filter(person_id=person_id).select_related("organisation"))
    if day is None:
        candidates = [a for a in rows if not a.until_date.is_known]
    else:
        candidates = [a for a in rows if _holds_on(a, day)]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda a: (not a.is_primary, -(a.since or dt.date.min).toordinal(), a.pk),
    )
