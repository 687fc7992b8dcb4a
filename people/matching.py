"""Which directory records are likely the same person or organisation.

One matcher for every way records enter the directory: the admin's warning before creating,
the spreadsheet and article imports, and the duplicates page. Two names count as the same in
the form people.names gives them (no honorific, accents, case, legal form or written-out
umlauts); people match by e-mail address too. A match is scored so the likeliest come first,
and carries the reasons a person can check.

Each record keeps its main name's key in ``match_key`` (indexed): the duplicates page groups
by it, and a new record's candidates are one indexed lookup plus the records that list the
name among their aliases or variants.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Model, Q
from django.utils.translation import gettext_lazy as _

from core.text import split_lines
from people.models import Affiliation, Organisation, Person
from people.names import name_key, organisation_key, person_key, split_person_name

SAME_NAME = _("gleicher Name")
SAME_OTHER_NAME = _("Name entspricht einem weiteren Namen")
SAME_EMAIL = _("gleiche E-Mail-Adresse")
SAME_ORGANISATION = _("Funktion bei derselben Organisation")
SAME_COUNTRY = _("gleiches Land")
OTHER_COUNTRY = _("anderes Land")

# A name shared by more records than this is a common name, not a duplicate to review
# ("Thomas Müller"); its pairs stay off the duplicates page.
MAX_GROUP = 6
MAX_PAIRS = 200


@dataclass(frozen=True)
class Match:
    """``record`` is likely the same as the one compared with it, for ``reasons``."""

    record: Model
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    first: Model
    second: Model
    score: int
    reasons: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.first._meta.model_name


def _ranked(matches) -> list:
    return sorted(matches, key=lambda m: (-m.score, str(getattr(m, "record", None) or m.first)))


# People ---------------------------------------------------------------------------------------


def _person_name_keys(person: Person) -> set[str]:
    keys = {person.match_key or person_key(person.given_name, person.family_name)}
    for name in person.all_names()[2:]:  # the variants; the first two are the main name
        _honorific, given, family = split_person_name(name)
        keys.add(person_key(given, family))
    return keys - {""}


def _person_score(key_match, same_email: bool, shared_org: bool) -> tuple[int, tuple] | None:
    """(score, reasons), or None: no reason to think they are one person."""
    reasons, score = [], 0
    if key_match is not None:
        reasons.append(key_match)
        score += 60 if key_match is SAME_NAME else 50  # "is": a lazy string compares slowly
    if same_email:
        reasons.append(SAME_EMAIL)
        score += 50 if not reasons[:-1] else 30
    if not reasons:
        return None
    if shared_org:
        reasons.append(SAME_ORGANISATION)
        score += 20
    return min(score, 100), tuple(reasons)


def person_matches(person: Person, organisation_ids=(), limit: int = 10) -> list[Match]:
    """The existing people ``person`` (saved or not) is likely to be, likeliest first.

    ``organisation_ids``: where the person holds a function (the admin's inline rows, an
    import's organisation), which makes a namesake more likely the same person.
    """
    keys = _person_name_keys(person)
    email = (person.email or "").strip()
    if not keys and not email:
        return []
    lookup = Q(match_key__in=keys)
    for key in keys:
        lookup |= Q(search_text__contains=key)
    if email:
        lookup |= Q(email__iexact=email)
    found = (
        Person.objects.filter(lookup, erased_at__isnull=True)
        .exclude(pk=person.pk)
        .prefetch_related("affiliations")[: limit * 5]
    )
    matches = []
    for other in found:
        other_keys = _person_name_keys(other)
        if other.match_key and other.match_key == person_key(person.given_name, person.family_name):
            key_match = SAME_NAME
        elif keys & other_keys:
            key_match = SAME_OTHER_NAME
        else:
            key_match = None
        same_email = bool(email) and other.email.strip().casefold() == email.casefold()
        shared = bool({a.organisation_id for a in other.affiliations.all()} & set(organisation_ids))
        match = _person_score(key_match, same_email, shared)
        if match:
            matches.append(Match(other, *match))
    return _ranked(matches)[:limit]


def _groups(field: str, queryset) -> list[str]:
    return list(
        queryset.exclude(**{field: ""})
        .values(field)
        .annotate(n=Count("*"))  # not Count("pk"): the index alone answers
        .filter(n__gte=2, n__lte=MAX_GROUP)
        .order_by()
        .values_list(field, flat=True)
    )


def person_pairs(limit: int = MAX_PAIRS) -> list[Pair]:
    """Pairs of people who are likely one person: the same name, or the same e-mail address.

    Scored over plain rows; only the pairs shown become Person objects, and those from the
    rows already read (at a hundred thousand people, building every group member costs more
    than the page's budget).
    """
    people = Person.objects.filter(erased_at__isnull=True)
    names = _groups("match_key", people)
    emails = _groups("email", people)
    in_groups = people.filter(Q(match_key__in=names) | Q(email__in=emails)).order_by()
    members = in_groups.values_list("pk", "match_key", "email", *_PERSON_SHOWN)
    grouped = defaultdict(list)
    keys, shown = {}, {}
    for pk, match_key, email, *names_shown in members:
        keys[pk] = (match_key, email)
        shown[pk] = names_shown
        if match_key in names:
            grouped["n:" + match_key].append(pk)
        if email in emails:
            grouped["e:" + email].append(pk)
    orgs = defaultdict(set)
    functions = Affiliation.objects.filter(person__in=list(keys)).order_by()
    for person_id, org_id in functions.values_list("person_id", "organisation_id"):
        orgs[person_id].add(org_id)
    scored = {}
    for group in grouped.values():
        for first, second in combinations(sorted(group), 2):
            if (first, second) in scored:
                continue
            (key_1, email_1), (key_2, email_2) = keys[first], keys[second]
            scored[first, second] = _person_score(
                SAME_NAME if key_1 and key_1 == key_2 else None,
                bool(email_1) and email_1 == email_2,
                bool(orgs[first] & orgs[second]),
            )
    return _as_pairs(Person, _PERSON_SHOWN, shown, scored, limit)


# What the duplicates page shows of a record; the rest loads if asked for (deferred fields).
_PERSON_SHOWN = ("honorific", "given_name", "family_name")
_ORGANISATION_SHOWN = ("name",)


def _as_pairs(model, fields, shown: dict, scored: dict, limit: int) -> list[Pair]:
    """The ``limit`` best of ``scored`` ((pk, pk) → (score, reasons)), as Pairs of records
    built from ``shown`` (pk → values of ``fields``), likeliest first, then by number."""
    best = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    names = ["id", *fields]
    records = {
        pk: model.from_db(DEFAULT_DB_ALIAS, names, (pk, *shown[pk]))
        for pair, _match in best
        for pk in pair
    }
    return [
        Pair(records[first], records[second], score, reasons)
        for (first, second), (score, reasons) in best
    ]


# Organisations --------------------------------------------------------------------------------


def _organisation_keys(organisation: Organisation) -> set[str]:
    return {organisation_key(name) for name in organisation.all_names() if name} - {""}


def _organisation_score(main_to_main: bool, first, second) -> tuple[int, list[str]]:
    reasons = [SAME_NAME if main_to_main else SAME_OTHER_NAME]
    score = 70 if main_to_main else 60
    if first.country and second.country:
        if first.country == second.country:
            reasons.append(SAME_COUNTRY)
            score += 20
        else:
            reasons.append(OTHER_COUNTRY)
            score -= 40
    # (an unsaved record has no pk: None == None is no parent relation)
    if (first.parent_id and first.parent_id == second.pk) or (
        second.parent_id and second.parent_id == first.pk
    ):
        score -= 40  # a part of the other (Stadt Essen, Rat der Stadt Essen), not the same
    return score, reasons


def organisation_matches(organisation: Organisation, limit: int = 10) -> list[Match]:
    """The existing organisations ``organisation`` (saved or not) is likely to be."""
    keys = _organisation_keys(organisation)
    if not keys:
        return []
    lookup = Q(match_key__in=keys)
    for name in organisation.all_names():
        if name_key(name):
            lookup |= Q(search_text__contains=name_key(name))
    found = Organisation.objects.filter(lookup).exclude(pk=organisation.pk)[: limit * 5]
    main = organisation_key(organisation.name)
    matches = []
    for other in found:
        if not keys & _organisation_keys(other):
            continue
        score, reasons = _organisation_score(other.match_key == main, organisation, other)
        if score > 0:
            matches.append(Match(other, min(score, 100), tuple(reasons)))
    return _ranked(matches)[:limit]


def organisation_pairs(limit: int = MAX_PAIRS) -> list[Pair]:
    """Pairs of organisations of which one's name is the other's name, short name or alias.

    Every organisation's names are compared at once: there are thousands of organisations, not
    hundreds of thousands, and aliases are not stored one per row. The main name's key is
    stored (``match_key``); only short names and aliases are folded here.
    """
    by_key = defaultdict(set)
    rows, shown = {}, {}
    columns = ("pk", "match_key", "short_name", "aliases", "country", "parent_id")
    for (
        pk,
        match_key,
        short_name,
        aliases,
        country,
        parent_id,
        *names_shown,
    ) in Organisation.objects.order_by().values_list(*columns, *_ORGANISATION_SHOWN):
        rows[pk] = _OrganisationRow(pk, match_key, country, parent_id)
        shown[pk] = names_shown
        keys = {match_key} if match_key else set()
        for name in (short_name, *split_lines(aliases)):
            if name:
                keys.add(organisation_key(name))
        for key in keys - {""}:
            by_key[key].add(pk)
    scored = {}
    for group in by_key.values():
        if not 2 <= len(group) <= MAX_GROUP:
            continue
        for first, second in combinations(sorted(group), 2):
            one, other = rows[first], rows[second]
            main = one.match_key == other.match_key
            if (first, second) in scored and not main:
                continue
            score, reasons = _organisation_score(main, one, other)
            if score > 0:
                scored[first, second] = min(score, 100), tuple(reasons)
    return _as_pairs(Organisation, _ORGANISATION_SHOWN, shown, scored, limit)


@dataclass(frozen=True)
class _OrganisationRow:
    """What scoring a pair reads of an organisation (the attribute names of the model)."""

    pk: int
    match_key: str
    country: str
    parent_id: int | None
