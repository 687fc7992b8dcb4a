"""Shared pieces of the synthetic data: dates, weighted draws, ids and tables, searchable names.

Everything comes from ``random.Random`` streams seeded with the seed and the stage name, so the
same seed gives the same data on every machine (no dependence on today's date or on string
hashing; sets are only used for membership, never iterated). Each stage keeps the few arrays the
next one needs (which organisation a person works for, who travelled with a delegation) and
hands its rows to :class:`perf.rows.Rows`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import slugify

from core.approxdate import ApproxDate, Precision
from core.text import fold, search_text
from people.models import MatchedName
from perf import vocabulary as words
from perf.rows import LinkRows, Rows
from perf.scales import Scale

# The synthetic world is described "as of" this day: later events are planned, earlier ones held.
# A fixed day (not today) keeps a seed's data identical whenever it is generated.
REFERENCE_DATE = dt.date(2026, 11, 1)
SOURCE_PREFIX = "seed-demo/"

_PRECISIONS = [
    (Precision.DAY, 55), (Precision.MONTH, 15), (Precision.QUARTER, 6),
    (Precision.SEASON, 6), (Precision.YEAR, 12), (Precision.UNKNOWN, 6),
]  # fmt: skip
_PRECISION_VALUES = [p.value for p, _ in _PRECISIONS]
DAY, YEAR, UNKNOWN_PRECISION = Precision.DAY.value, Precision.YEAR.value, Precision.UNKNOWN.value
_PRECISION_CUM = list(itertools.accumulate(w for _, w in _PRECISIONS))

CITIES_BY_COUNTRY = defaultdict(list)
for _city in words.CITIES:
    CITIES_BY_COUNTRY[_city[1]].append(_city)
    if _city[1] not in ("DE", "JP"):
        CITIES_BY_COUNTRY["other"].append(_city)


class When(NamedTuple):
    """An approximate date as its three column values (see core.approxdate).

    Built by :func:`when`, which normalises the day with ``ApproxDate.period_start``; an
    ``ApproxDate`` itself re-validates on every construction, too slow for a million rows.
    """

    value: dt.date | None = None
    precision: str = Precision.UNKNOWN.value
    approximate: bool = False

    @property
    def is_known(self) -> bool:
        return self.value is not None


UNKNOWN = When()


def when(day: dt.date, precision: str, approximate: bool = False) -> When:
    return When(ApproxDate.period_start(day, precision), precision, approximate)


def approx_date(rng: random.Random, year_from: int, year_to: int, *, unknown=True) -> When:
    """A date in the given years at a random precision (every precision, incl. unknown)."""
    precision = rng.choices(_PRECISION_VALUES, cum_weights=_PRECISION_CUM)[0]
    if precision == UNKNOWN_PRECISION:
        if unknown:
            return UNKNOWN
        precision = YEAR
    day = dt.date(rng.randint(year_from, year_to), 1, 1) + dt.timedelta(days=rng.randrange(365))
    approximate = rng.random() < (0.03 if precision == DAY else 0.35)
    return when(day, precision, approximate)


def date_columns(name: str, value: When) -> dict:
    return {
        name: value.value,
        f"{name}_precision": value.precision,
        f"{name}_approx": value.approximate,
    }


def zipf_cum(n: int, exponent: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1 / (k + 1) ** exponent for k in range(n)))


def pick_cum(rng: random.Random, items: list, cum: list[float]):
    return items[bisect.bisect_left(cum, rng.random() * cum[-1])]


@dataclass
class Existing:
    """What the database already holds when ``--force`` seeds next to it."""

    max_ids: dict = field(default_factory=dict)  # model → highest id
    organisation_keys: set = field(default_factory=set)  # (lower(name), country)
    topics: dict = field(default_factory=dict)  # slug → id
    topic_names: set = field(default_factory=set)  # lower(name)
    source_prefix: str = SOURCE_PREFIX
    staff_ids: list = field(default_factory=list)  # the users who own the follow-ups


@functools.cache
def ascii_name(text: str) -> str:
    """A name as it appears in an e-mail address or a host name: "Kōno" → "kono"."""
    return slugify(fold(text)) or "x"


def search_text_for(model, values: dict, cache: dict) -> str:
    """``search_text`` exactly as the model computes it on save: the model's own ``all_names()``
    through ``core.text.search_text``; memoised, as thousands of people share a name."""
    names = tuple(model(**values).all_names())
    text = cache.get(names)
    if text is None:
        text = cache[names] = search_text(*names)
    return text


class Stage:
    """State and plumbing the stages share (ids, tables, random streams, common draws)."""

    def __init__(self, scale: Scale, seed: int, *, now: dt.datetime, existing: Existing):
        self.scale = scale
        self.seed = seed
        self.now = now
        self.existing = existing
        self.tables: list[Rows] = []
        self._next_id = {}
        self._names = {}  # all names of a record → its search_text

    def _rng(self, stage: str) -> random.Random:
        return random.Random(f"seed_demo/{self.seed}/{stage}")

    def _id(self, model) -> int:
        value = self._next_id.get(model, self.existing.max_ids.get(model, 0)) + 1
        self._next_id[model] = value
        return value

    def _table(self, model) -> Rows:
        rows = Rows(model, now=self.now)
        self.tables.append(rows)
        return rows

    def _add_searchable(self, rows: Rows, **values) -> None:
        """A row of a SearchableName, with its ``search_text`` (and ``match_key``) as ``save()``
        would compute them."""
        values["search_text"] = search_text_for(rows.model, values, self._names)
        if issubclass(rows.model, MatchedName):
            values["match_key"] = rows.model(**values).main_name_key()[:200]
        rows.add(**values)

    def _links(self, m2m_descriptor) -> LinkRows:
        rows = LinkRows(m2m_descriptor.field, now=self.now)
        self.tables.append(rows)
        return rows

    def _some_topics(self, rng, low=1, high=2) -> list[int]:
        return rng.sample(self.topic_ids, min(len(self.topic_ids), rng.randint(low, high)))

    def _prominent_cum(self):
        """The prominent people (the first 1 % generated) and Zipf weights: a mayor turns up
        at far more events than a clerk, and one of them is "the busiest person"."""
        if not hasattr(self, "_prom_cum"):
            self._prom = list(range(self.n_prominent))
            self._prom_cum = zipf_cum(self.n_prominent)
        return self._prom, self._prom_cum

    @staticmethod
    def _city_in(rng, country: str) -> tuple[str, str]:
        """A city in ``country`` ("other": any country but Germany and Japan)."""
        city = rng.choice(CITIES_BY_COUNTRY[country])
        return city[0], city[1]
