"""Nested lists of a whole page read as plain rows, one query per list.

Measured at L (bench ``api_event_list``): the 50 events of the busiest organisation hold
about 2,000 participations; as prefetched model instances serialised field by field that
page took 133 ms, most of it building and serialising objects. Read with ``values_list``
and written as dicts, the same JSON costs a fraction of that. The serializers still describe
and validate these lists (api.serializers); on writes, and wherever no rows were attached,
they read the model instances as usual.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from api.fields import ROWS_ATTRIBUTE, approx_date_json
from people.models import Affiliation, Organisation, Person


def involvement_rows(model, occasion_ids: list[int]) -> dict[int, list[dict]]:
    """Each occasion's involvements (people.models.Involvement), as the API shows them.

    Names are read by id in two more queries: joined, PostgreSQL hashes all of people_person
    (100,000 rows at L) for a page's 1,400 participations.
    """
    field = model.occasion_field
    rows = list(
        model.objects.filter(**{f"{field}_id__in": occasion_ids})
        .order_by(f"{field}_id", "role", "pk")
        .values_list(f"{field}_id", "person_id", "organisation_id", "role", "role_title")
    )
    people = {
        pk: Person.name_from(*parts)
        for pk, *parts in Person.objects.filter(pk__in={r[1] for r in rows if r[1]}).values_list(
            "pk", "honorific", "given_name", "family_name"
        )
    }
    names = dict(
        Organisation.objects.filter(pk__in={r[2] for r in rows if r[2]}).values_list("pk", "name")
    )
    result = defaultdict(list)
    for occasion, person, organisation, role, title in rows:
        result[occasion].append(
            {
                "person": person,
                "person_name": people.get(person),
                "organisation": organisation,
                "organisation_name": names.get(organisation),
                "role": role,
                "role_title": title,
            }
        )
    return result


def involvement_counts(model, occasion_ids: list[int]) -> dict[int, int]:
    """How many involvements each occasion has (lists show the number, details the rows)."""
    field = f"{model.occasion_field}_id"
    rows = (
        model.objects.filter(**{f"{field}__in": occasion_ids})
        .values(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )
    return dict(rows.order_by())


def function_rows(person_ids: list[int]) -> dict[int, list[dict]]:
    """Each person's functions (people.models.Affiliation), main function first."""
    result = defaultdict(list)
    rows = (
        Affiliation.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "-is_primary", "since", "pk")
        .values_list(
            "person_id", "organisation_id", "organisation__name", "role_title", "since",
            "since_precision", "since_approx", "until", "until_precision", "until_approx",
            "is_primary",
        )
    )  # fmt: skip
    for person, organisation, name, title, *dates, is_primary in rows:
        result[person].append(
            {
                "organisation": organisation,
                "organisation_name": name,
                "role_title": title,
                "since": approx_date_json(*dates[:3]),
                "until": approx_date_json(*dates[3:]),
                "is_primary": is_primary,
            }
        )
    return result


def related_ids(model, field: str):
    """A reader of a many-to-many field's ids, straight from its link table."""
    through = model._meta.get_field(field).remote_field.through
    owner, target = (
        f.attname for f in through._meta.fields if f.is_relation and f.name != "id"
    )  # the link table's two foreign keys, the owner's first (Django creates them so)

    def read(ids: list[int]) -> dict[int, list[int]]:
        result = defaultdict(list)
        rows = through.objects.filter(**{f"{owner}__in": ids}).order_by(owner, target)
        for record, related in rows.values_list(owner, target):
            result[record].append(related)
        return result

    return read


def attach(records: list, readers: dict) -> None:
    """Read every nested list for ``records`` (``readers``: field name → row reader)."""
    ids = [record.pk for record in records]
    for name, read in readers.items():
        rows = read(ids)
        for record in records:
            default = 0 if name.endswith("_count") else []
            record.__dict__.setdefault(ROWS_ATTRIBUTE, {})[name] = rows.get(record.pk, default)
