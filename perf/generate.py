"""Deterministic synthetic data: the rows ``seed_demo`` loads, as tuples per table.

Everything comes from ``random.Random`` streams seeded with the seed and the stage name, so the
same seed gives the same data on every machine (no dependence on today's date or on string
hashing; sets are only used for membership, never iterated). Each stage keeps the few arrays the
next one needs (which organisation a person works for, who travelled with a delegation) and
hands its rows to :class:`perf.rows.Rows`.

Names are searchable exactly as if the records had been saved one by one: ``search_text`` is
computed by the models' own ``refresh_search_text()`` on unsaved instances.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import slugify

from core.approxdate import ApproxDate, Precision
from core.text import fold, search_text
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParty, Delegation, DelegationMember, Signatory
from people.models import Affiliation, Organisation, Person, Source, Topic
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
_DAY, _YEAR, _UNKNOWN = Precision.DAY.value, Precision.YEAR.value, Precision.UNKNOWN.value
_PRECISION_CUM = list(itertools.accumulate(w for _, w in _PRECISIONS))

# How many people an organisation of each kind employs, relatively (primary roles).
_STAFF_WEIGHT = {
    "company": 4, "startup": 1, "university": 3, "research": 2, "hospital": 1.5, "city": 3,
    "region": 1, "chamber": 1.5, "econdev": 1, "government": 1, "embassy": 0.5,
    "association": 1, "union": 0.3, "project": 0.3, "tradefair": 0.3, "school": 0.5,
    "other": 0.3,
}  # fmt: skip
# Relative number of guests an event of each kind draws.
_EVENT_SIZE = {
    "network": 30, "conference": 70, "visit": 8, "signing": 12, "workshop": 18,
    "presentation": 25, "roundtable": 12, "kickoff": 40, "meeting": 5, "exchange": 6,
    "other": 8,
}  # fmt: skip
_STANDALONE_KINDS = [
    ("network", 15), ("conference", 10), ("visit", 15), ("workshop", 15), ("presentation", 8),
    ("roundtable", 7), ("kickoff", 5), ("meeting", 20), ("exchange", 3), ("other", 2),
]  # fmt: skip
_PROGRAMME_KINDS = [("visit", 40), ("meeting", 25), ("presentation", 15), ("workshop", 10),
                    ("network", 10)]  # fmt: skip
_FOREIGN_LEGAL_FORMS = {
    "PL": "Sp. z o.o.", "TR": "A.Ş.", "CH": "AG", "AT": "GmbH", "FR": "SAS", "US": "Inc.",
    "CA": "Ltd.", "CN": "Co., Ltd.", "KR": "Co., Ltd.", "NL": "B.V.",
}  # fmt: skip
_AGREEMENT_LABELS = {
    "mou": "Memorandum of Understanding", "iuc": "IUC-Projektvereinbarung",
    "cooperation": "Kooperationsvereinbarung", "exchange": "Austauschprogramm",
    "loi": "Absichtserklärung", "funding": "Förderzusage",
}  # fmt: skip
_VENUES = ["Rathaus", "Kongresszentrum", "Hotel am Markt", "Messehalle", "Technologiezentrum"]
_CITIES_BY_COUNTRY = defaultdict(list)
for _city in words.CITIES:
    _CITIES_BY_COUNTRY[_city[1]].append(_city)
    if _city[1] not in ("DE", "JP"):
        _CITIES_BY_COUNTRY["other"].append(_city)
_PUBLISHERS = [
    ("Stadt Essen – Pressedienst", "de"), ("WAZ", "de"), ("Rheinische Post", "de"),
    ("IHK-Magazin", "de"), ("Fukushima Minpō", "ja"), ("The Japan Times", "en"),
    ("Nikkei Asia", "en"), ("Braunschweiger Zeitung", "de"), ("JETRO Newsletter", "en"),
]  # fmt: skip


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
    if precision == _UNKNOWN:
        if unknown:
            return UNKNOWN
        precision = _YEAR
    day = dt.date(rng.randint(year_from, year_to), 1, 1) + dt.timedelta(days=rng.randrange(365))
    approximate = rng.random() < (0.03 if precision == _DAY else 0.35)
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


@dataclass
class EventPlan:
    id: int
    kind: str
    country: str
    # (person id or None, organisation id or None, role, role title); duplicates removed.
    mandatory: list = field(default_factory=list)
    guests: int = 0


class SyntheticData:
    """Every table's rows for one scale and seed; :meth:`build` returns them in load order."""

    def __init__(self, scale: Scale, seed: int, *, now: dt.datetime, existing: Existing):
        self.scale = scale
        self.seed = seed
        self.now = now
        self.existing = existing
        self.tables: list[Rows] = []
        self._next_id = {}
        self._names = {}  # all names of a record → its search_text

    # --- plumbing --------------------------------------------------------------------------

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

    def _links(self, m2m_descriptor) -> LinkRows:
        rows = LinkRows(m2m_descriptor.field, now=self.now)
        self.tables.append(rows)
        return rows

    def build(self) -> list[Rows]:
        self._topics()
        self._sources()
        self._organisations()
        self._people()
        self._delegations()
        self._agreements()
        self._events()
        return self.tables

    # --- topics and sources ----------------------------------------------------------------

    def _topics(self):
        rows = self._table(Topic)
        self.topic_ids = []
        self.topic_name = {}
        for name, slug in words.TOPICS:
            if slug in self.existing.topics:
                topic_id = self.existing.topics[slug]
            elif name.lower() not in self.existing.topic_names:
                topic_id = self._id(Topic)
                rows.add(id=topic_id, name=name, slug=slug)
            else:
                continue
            self.topic_ids.append(topic_id)
            self.topic_name[topic_id] = name

    def _some_topics(self, rng, low=1, high=2) -> list[int]:
        return rng.sample(self.topic_ids, min(len(self.topic_ids), rng.randint(low, high)))

    def _sources(self):
        rng = self._rng("sources")
        rows = self._table(Source)
        self.source_ids = []
        for number in range(1, max(3, self.scale.organisations // 10) + 1):
            publisher, language = rng.choice(_PUBLISHERS)
            city = rng.choice(words.CITIES)[0]
            topic = rng.choice(words.TOPICS)[0]
            source_id = self._id(Source)
            rows.add(
                id=source_id,
                publisher=publisher,
                title=f"{topic}: neue Impulse für die Partnerschaft mit {city}",
                published_on=dt.date(rng.randint(2000, 2026), 1, 1)
                + dt.timedelta(days=rng.randrange(365)),
                author=f"{rng.choice(words.GERMAN_GIVEN_NAMES)} "
                f"{rng.choice(words.GERMAN_FAMILY_NAMES)}",
                url=f"https://{slugify(fold(publisher))}.example/artikel/{number}",
                language=language,
                reference=f"{self.existing.source_prefix}{number:06d}",
            )
            self.source_ids.append(source_id)

    # --- organisations -----------------------------------------------------------------------

    def _organisations(self):
        rng = self._rng("organisations")
        self.org_rows = self._table(Organisation)
        self.org_sectors = self._links(Organisation.sectors)
        self.org_sources = self._links(Organisation.sources)
        self.org_ids: list[int] = []
        self.org_kind: list[str] = []
        self.org_country: list[str] = []
        self.org_city: list[str] = []
        self.org_name: list[str] = []
        self.org_base: list[str] = []
        self._org_keys = set(self.existing.organisation_keys)
        self._companies: list[int] = []

        n = self.scale.organisations
        roots = list(self._institutions())
        rng.shuffle(roots)
        n_roots = min(len(roots), round(n * 0.2))
        for candidate in roots[:n_roots]:
            self._add_organisation(rng, **candidate)
        n_children = round(n * 0.08)
        parents = [i for i, kind in enumerate(self.org_kind) if kind in ("university", "research")]
        for _ in range(n_children if parents else 0):
            self._add_child_institution(rng, rng.choice(parents))
        while len(self.org_ids) < n:
            self._add_company(rng)

    def _institutions(self) -> Iterator[dict]:
        """Cities, regions, chambers, universities … one set per city, plus national bodies."""
        regions = {}
        for city, country, region, latin, native in words.CITIES:
            regions.setdefault((region, country), None)
            japanese = country == "JP"
            yield self._inst(
                "city",
                f"Stadt {city}",
                country,
                city,
                short=city,
                aliases=[latin, f"{city}-shi" if japanese else None, native],
            )
            chamber = "Industrie- und Handelskammer" if country in ("DE", "JP") else "Handelskammer"
            yield self._inst(
                "chamber",
                f"{chamber} {city}",
                country,
                city,
                short=f"IHK {city}" if country == "DE" else "",
                aliases=[f"{latin or city} Chamber of Commerce and Industry" if japanese else None],
            )
            yield self._inst(
                "econdev",
                f"Wirtschaftsförderung {city}" if country == "DE" else f"{city} Business Center",
                country,
                city,
            )
            university = "Technische Universität" if len(city) % 3 == 0 else "Universität"
            yield self._inst(
                "university",
                f"{university} {city}",
                country,
                city,
                aliases=[f"{latin or city} University" if japanese else None],
            )
            yield self._inst("tradefair", f"Messe {city}", country, city)
            yield self._inst("school", f"Gymnasium {city}-Mitte", country, city)
            yield self._inst(
                "association", f"Deutsch-Japanische Gesellschaft {city}", country, city
            )
            yield self._inst("union", f"IG Metall {city}", country, city)
            yield self._inst("project", f"IUC-Partnerschaftsprojekt {city}", country, city)
        for region, country in regions:
            kind_name = "Präfektur" if country == "JP" else "Region"
            yield self._inst("region", f"{kind_name} {region}", country, "")
        for name, short, _prefix, country in words.RESEARCH_SOCIETIES:
            yield self._inst("research", name, country, "", short=short)
        national = [
            ("government", "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie NRW",
             "MWIKE", "DE", "Düsseldorf"),
            ("government", "Bundesministerium für Wirtschaft und Klimaschutz", "BMWK", "DE",
             "Berlin"),
            ("government", "Ministry of Economy, Trade and Industry", "METI", "JP", "Tōkyō"),
            ("government", "Japan External Trade Organization", "JETRO", "JP", "Tōkyō"),
            ("government", "Germany Trade & Invest", "GTAI", "DE", "Berlin"),
            ("embassy", "Generalkonsulat von Japan in Düsseldorf", "", "JP", "Düsseldorf"),
            ("embassy", "Botschaft von Japan in Berlin", "", "JP", "Berlin"),
            ("embassy", "Deutsche Botschaft Tōkyō", "", "DE", "Tōkyō"),
            ("embassy", "Generalkonsulat der Bundesrepublik Deutschland Ōsaka-Kōbe", "", "DE",
             "Ōsaka"),
        ]  # fmt: skip
        for kind, name, short, country, city in national:
            yield self._inst(kind, name, country, city, short=short)

    @staticmethod
    def _inst(kind, name, country, city, *, short="", aliases=()) -> dict:
        return {
            "kind": kind,
            "name": name,
            "country": country,
            "city": city,
            "short_name": short,
            "aliases": [a for a in aliases if a],
        }

    def _add_child_institution(self, rng, parent: int):
        city, country = self.org_city[parent], self.org_country[parent]
        if self.org_kind[parent] == "university":
            if rng.random() < 0.25:
                kind, name = "hospital", f"Universitätsklinikum {city or self.org_name[parent]}"
            else:
                faculty = rng.choice(words.FACULTIES)
                kind, name = "university", f"{faculty} der {self.org_name[parent]}"
        else:
            prefix = next(
                (p for n, _s, p, _c in words.RESEARCH_SOCIETIES if n == self.org_name[parent]),
                "Institut für",
            )
            kind, name = "research", f"{prefix} {rng.choice(words.RESEARCH_FIELDS)}"
            city = self._city_in(rng, country)[0]
        self._add_organisation(rng, kind=kind, name=name, country=country, city=city, parent=parent)

    def _add_company(self, rng):
        roll = rng.random()
        companies = self._companies
        if roll < 0.1 and len(companies) > 10:
            parent = rng.choice(companies)
            if self.org_country[parent] == "JP":
                country, base = "DE", f"{self.org_base[parent]} Deutschland"
                name = f"{base} GmbH"
            else:
                country, base = "JP", f"{self.org_base[parent]} Japan"
                name = f"{base} K.K."
            city = self._city_in(rng, country)[0]
            self._add_organisation(
                rng, kind="company", name=name, country=country, city=city, parent=parent,
                base=base,
            )  # fmt: skip
            return
        country = rng.choices(["DE", "JP", "other"], [60, 30, 10])[0]
        city, country = self._city_in(rng, country)
        if roll < 0.25:
            first, second = rng.sample(words.STARTUP_WORDS, 2)
            base = f"{first}{second.lower()}"
            form = "K.K." if country == "JP" else _FOREIGN_LEGAL_FORMS.get(country, "GmbH")
            kind = "startup"
        elif country == "JP":
            family = rng.choice(words.JAPANESE_FAMILY_NAMES)
            base = f"{family} {rng.choice(words.JAPANESE_BRANCHES)}"
            form, kind = rng.choice(words.JAPANESE_LEGAL_FORMS), "company"
        else:
            base = f"{rng.choice(words.GERMAN_FAMILY_NAMES)} {rng.choice(words.GERMAN_BRANCHES)}"
            form = rng.choice(words.GERMAN_LEGAL_FORMS) if country == "DE" else None
            form, kind = form or _FOREIGN_LEGAL_FORMS.get(country, "Ltd."), "company"
        self._add_organisation(
            rng, kind=kind, name=f"{base} {form}", country=country, city=city, base=base
        )

    @staticmethod
    def _city_in(rng, country: str) -> tuple[str, str]:
        """A city in ``country`` ("other": any country but Germany and Japan)."""
        city = rng.choice(_CITIES_BY_COUNTRY[country])
        return city[0], city[1]

    def _add_organisation(
        self, rng, *, kind, name, country, city, short_name="", aliases=(), parent=None, base=""
    ):
        name = self._unique_name(name, country, city)
        org_id = self._id(Organisation)
        values = {
            "id": org_id,
            "name": name,
            "short_name": short_name,
            "aliases": "\n".join(aliases),
            "kind": kind,
            "parent_id": self.org_ids[parent] if parent is not None else None,
            "country": country,
            "city": city,
            "website": f"https://www.{slugify(fold(base or name))[:60]}.example"
            if rng.random() < 0.6
            else "",
            "description": f"{name}, {city}." if city and rng.random() < 0.3 else "",
        }
        values["search_text"] = search_text_for(Organisation, values, self._names)
        self.org_rows.add(**values)
        for topic in self._some_topics(rng, 1, 3):
            self.org_sectors.pair(org_id, topic)
        self.org_sources.pair(org_id, rng.choice(self.source_ids))
        self.org_ids.append(org_id)
        self.org_kind.append(kind)
        self.org_country.append(country)
        self.org_city.append(city)
        self.org_name.append(name)
        self.org_base.append(base or name)
        if kind == "company":
            self._companies.append(len(self.org_ids) - 1)

    def _unique_name(self, name: str, country: str, city: str) -> str:
        branch = [f"{name}, Niederlassung {city}"] if city else []
        numbered = (f"{name} ({n})" for n in range(2, 10_000))
        for candidate in itertools.chain([name], branch, numbered):
            if (candidate.lower(), country) not in self._org_keys:
                self._org_keys.add((candidate.lower(), country))
                return candidate
        raise RuntimeError(f"no free organisation name for {name!r}")

    # --- people and their roles over time ----------------------------------------------------

    def _people(self):
        rng = self._rng("people")
        rows = self._table(Person)
        sources = self._links(Person.sources)
        roles = self._table(Affiliation)
        n = self.scale.people
        self.person_ids: list[int] = []
        self.person_org: list[int] = []  # index into the organisation arrays (current role)
        self.person_role: list[str] = []
        self.people_by_country: dict[str, list[int]] = defaultdict(list)  # person indexes
        self.org_people: dict[int, list[int]] = defaultdict(list)  # org index → person indexes
        orgs_by_country = defaultdict(list)
        for i, country in enumerate(self.org_country):
            orgs_by_country[country].append(i)
        org_indexes = list(range(len(self.org_ids)))
        staff_cum = list(itertools.accumulate(_STAFF_WEIGHT[k] for k in self.org_kind))
        senior = [i for i in org_indexes if self.org_kind[i] in words.SENIOR_ROLES]
        senior_cum = list(itertools.accumulate(_STAFF_WEIGHT[self.org_kind[i]] for i in senior))
        # The first one in a hundred people are the prominent ones: mayors, presidents, heads.
        self.n_prominent = max(3, n // 100)
        for index in range(n):
            prominent = index < self.n_prominent and bool(senior)
            if prominent:
                org = pick_cum(rng, senior, senior_cum)
            else:
                org = pick_cum(rng, org_indexes, staff_cum)
            person_id = self._id(Person)
            kind, country = self.org_kind[org], self.org_country[org]
            values = self._person_values(rng, person_id, org)
            values["search_text"] = search_text_for(Person, values, self._names)
            rows.add(**values)
            if rng.random() < 0.7:
                sources.pair(person_id, rng.choice(self.source_ids))
            title = words.SENIOR_ROLES[kind] if prominent else rng.choice(words.ROLE_TITLES[kind])
            self._career(rng, roles, person_id, org, title, orgs_by_country[country])
            self.person_ids.append(person_id)
            self.person_org.append(org)
            self.person_role.append(title)
            self.people_by_country[country].append(index)
            self.org_people[org].append(index)

    def _person_values(self, rng, person_id: int, org: int) -> dict:
        kind, country = self.org_kind[org], self.org_country[org]
        japanese = (country == "JP") != (rng.random() < 0.05)  # a few expatriates either way
        if japanese:
            family = rng.choice(words.JAPANESE_FAMILY_NAMES)
            given = rng.choice(words.JAPANESE_GIVEN_NAMES)
            variants = [f"{family} {given}"]  # family name first, as in Japan
            if "ō" in family:
                variants.append(f"{given} {family.replace('ō', 'oh')}")  # passport spelling
        else:
            family = rng.choice(words.GERMAN_FAMILY_NAMES)
            given = rng.choice(words.GERMAN_GIVEN_NAMES)
            variants = []
            if rng.random() < 0.2 and any(ch in family for ch in "äöü"):
                spelled = family.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                variants.append(f"{given} {spelled}")
        academic = kind in ("university", "research", "hospital")
        honorific = rng.choice(words.HONORIFICS[6:] if academic else words.HONORIFICS)
        legal_basis = rng.choices(
            [c.value for c in Person.LegalBasis], [70, 15, 5, 10]
        )[0]  # fmt: skip
        return {
            "id": person_id,
            "honorific": honorific,
            "given_name": given,
            "family_name": family,
            "name_variants": "\n".join(variants),
            "email": f"{_ascii(given)}.{_ascii(family)}@{_ascii(self.org_base[org])[:40]}.example"
            if rng.random() < 0.5
            else "",
            "phone": f"+{81 if japanese else 49} {rng.randint(100, 999)} {rng.randint(1, 10**6)}"
            if rng.random() < 0.3
            else "",
            "legal_basis": legal_basis,
        }

    def _career(self, rng, roles: Rows, person_id, current_org, title, same_country: list[int]):
        """One to four roles over time; earlier ones end when the next begins."""
        count = rng.choices([1, 2, 3, 4], [45, 30, 18, 7])[0]
        years = [rng.randint(1985, 2016)]
        for _ in range(count - 1):
            if years[-1] + 2 > 2025:
                break
            years.append(rng.randint(years[-1] + 2, min(years[-1] + 7, 2025)))
        orgs = [rng.choice(same_country) for _ in years[:-1]] + [current_org]
        titles = [rng.choice(words.ROLE_TITLES[self.org_kind[o]]) for o in orgs[:-1]] + [title]
        starts = [approx_date(rng, year, year) for year in years]
        for position, (org, role_title, since) in enumerate(zip(orgs, titles, starts, strict=True)):
            last = position == len(orgs) - 1
            if not last:
                until = starts[position + 1]
            elif rng.random() < 0.08:
                until = approx_date(rng, years[-1] + 1, years[-1] + 3, unknown=False)
                if since.is_known and until.value < since.value:  # a winter starts in December
                    until = since
            else:
                until = UNKNOWN
            roles.add(
                id=self._id(Affiliation),
                person_id=person_id,
                organisation_id=self.org_ids[org],
                role_title=role_title,
                is_primary=last,
                **date_columns("since", since),
                **date_columns("until", until),
            )

    # --- delegations ---------------------------------------------------------------------------

    def _prominent_cum(self):
        if not hasattr(self, "_prom_cum"):
            self._prom = list(range(self.n_prominent))
            self._prom_cum = zipf_cum(self.n_prominent)
        return self._prom, self._prom_cum

    def _delegations(self):
        rng = self._rng("delegations")
        rows = self._table(Delegation)
        members = self._table(DelegationMember)
        organisers = self._links(Delegation.organisers)
        topics = self._links(Delegation.topics)
        sources = self._links(Delegation.sources)
        self.delegations = []
        prominent, prominent_cum = self._prominent_cum()
        orgs_by_city = defaultdict(list)
        for i, city in enumerate(self.org_city):
            orgs_by_city[city].append(i)
        max_members = max(3, min(12, self.scale.people // 8))
        for _ in range(self.scale.delegations):
            outgoing = rng.random() < 0.55
            home = "DE"
            abroad = rng.choices(["JP", "other"], [70, 30])[0]
            origin_city, origin_country = self._city_in(rng, home if outgoing else abroad)
            dest_city, dest_country = self._city_in(rng, abroad if outgoing else home)
            local = [
                i for i in orgs_by_city[origin_city]
                if self.org_kind[i] in ("city", "chamber", "econdev")
            ]  # fmt: skip
            origin_org = rng.choice(local) if local else None
            start = approx_date(rng, 2005, 2027)
            end = UNKNOWN
            if start.precision == _DAY and rng.random() < 0.8:
                end = when(start.value + dt.timedelta(days=rng.randint(2, 12)), "day")
            delegation_id = self._id(Delegation)
            topic_ids = self._some_topics(rng, 1, 3)
            topic_name = self.topic_name[topic_ids[0]]
            year = f" {start.value.year}" if start.is_known else ""
            title = (
                rng.choice([f"Delegationsreise nach {dest_city}", f"Unternehmerreise {topic_name}"])
                if outgoing
                else rng.choice(
                    [f"Delegation aus {origin_city}", f"{topic_name}-Delegation aus {origin_city}"]
                )
            ) + year
            pool = self.people_by_country.get(origin_country) or list(range(len(self.person_ids)))
            leader = pick_cum(rng, prominent, prominent_cum) if rng.random() < 0.5 else None
            if leader is None or self.org_country[self.person_org[leader]] != origin_country:
                leader = rng.choice(pool)
            others = rng.sample(pool, min(len(pool), rng.randint(2, max_members)))
            team = [leader, *(p for p in others if p != leader)]
            for position, person in enumerate(team):
                role = "leader" if position == 0 else ("organiser" if position == 1 else "member")
                members.add(
                    id=self._id(DelegationMember),
                    delegation_id=delegation_id,
                    person_id=self.person_ids[person],
                    organisation_id=self.org_ids[self.person_org[person]]
                    if rng.random() < 0.8
                    else None,
                    role=role,
                    role_title=self.person_role[person] if rng.random() < 0.5 else "",
                )
            companies = [i for i in orgs_by_city[origin_city] if self.org_kind[i] == "company"]
            member_orgs = rng.sample(companies, min(len(companies), rng.randint(0, 3)))
            for org in member_orgs:
                members.add(
                    id=self._id(DelegationMember),
                    delegation_id=delegation_id,
                    organisation_id=self.org_ids[org],
                    role="member",
                )
            head_count = {}
            if rng.random() < 0.4:
                by_company = member_orgs and rng.random() < 0.3
                head_count = {
                    "head_count": len(member_orgs) + rng.randint(3, 18)
                    if by_company
                    else len(team) + rng.randint(0, 20),
                    "head_count_approx": rng.random() < 0.5,
                    "head_count_label": "Unternehmen" if by_company else "Teilnehmende",
                }
            rows.add(
                id=delegation_id,
                title=title,
                direction="outgoing" if outgoing else "incoming",
                origin_country=origin_country,
                origin_city=origin_city,
                origin_organisation_id=self.org_ids[origin_org] if origin_org is not None else None,
                destination_country=dest_country,
                destination_city=dest_city,
                leader_id=self.person_ids[leader],
                purpose=f"Kooperationen anbahnen: {topic_name}.",
                **date_columns("start", start),
                **date_columns("end", end),
                **head_count,
            )
            if origin_org is not None:
                organisers.pair(delegation_id, self.org_ids[origin_org])
            for topic in topic_ids:
                topics.pair(delegation_id, topic)
            sources.pair(delegation_id, rng.choice(self.source_ids))
            self.delegations.append(
                {
                    "id": delegation_id,
                    "start": start,
                    "end": end,
                    "city": dest_city,
                    "country": dest_country,
                    "team": team,
                    "topics": topic_ids,
                }
            )

    # --- agreements ----------------------------------------------------------------------------

    def _agreements(self):
        rng = self._rng("agreements")
        rows = self._table(Agreement)
        parties = self._table(AgreementParty)
        signatories = self._table(Signatory)
        topics = self._links(Agreement.topics)
        sources = self._links(Agreement.sources)
        self.agreements = []
        german = [i for i, c in enumerate(self.org_country) if c == "DE"] or [0]
        foreign = [i for i, c in enumerate(self.org_country) if c != "DE"] or [0]
        kinds = [("mou", 35), ("iuc", 15), ("cooperation", 25), ("exchange", 10), ("loi", 10),
                 ("funding", 5)]  # fmt: skip
        tips: list[int] = []  # indexes of agreements that end a chain of supplements
        for index in range(self.scale.agreements):
            agreement_id = self._id(Agreement)
            parent = rng.choice(tips) if tips and rng.random() < 0.25 else None
            if parent is not None:
                base = self.agreements[parent]
                sides, topic_ids = base["parties"], base["topics"]
                number = base["depth"] + 1
                title = f"Zusatzvereinbarung Nr. {number} zu {base['root_title']}"
                kind, depth, root_title = "supplement", number, base["root_title"]
                first = base["signed"].value.year + 1 if base["signed"].is_known else 2005
                signed = approx_date(rng, min(first, 2026), min(first + 2, 2026))
                tips.remove(parent)
            else:
                sides = [rng.choice(german), rng.choice(foreign)]
                if rng.random() < 0.15:
                    sides.append(rng.choice([i for i in foreign if i not in sides] or german))
                sides = list(dict.fromkeys(sides))
                topic_ids = self._some_topics(rng, 1, 2)
                kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
                label = _AGREEMENT_LABELS[kind]
                title = f"{label} {self.org_name[sides[0]]} – {self.org_name[sides[1]]}"[:250]
                depth, root_title = 0, title
                signed = approx_date(rng, 2000, 2026)
            valid_from = signed if signed.is_known and rng.random() < 0.7 else UNKNOWN
            valid_until = UNKNOWN
            if valid_from.is_known and rng.random() < 0.6:
                year = valid_from.value.year + rng.randint(2, 5)
                valid_until = when(dt.date(year, 12, 1), "month")
            if not signed.is_known:
                status = rng.choice(["planned", "active"])
            elif valid_until.is_known and valid_until.value < REFERENCE_DATE:
                status = "terminated" if rng.random() < 0.1 else "expired"
            else:
                status = "active"
            place = self.org_city[sides[rng.randrange(len(sides))]]
            rows.add(
                id=agreement_id,
                title=title,
                kind=kind,
                status=status,
                signed_place=place,
                supplements_id=self.agreements[parent]["id"] if parent is not None else None,
                description=f"Zusammenarbeit in {len(topic_ids)} Themenfeld(ern)."
                if rng.random() < 0.5
                else "",
                **date_columns("signed_on", signed),
                **date_columns("valid_from", valid_from),
                **date_columns("valid_until", valid_until),
            )
            signers = []
            for side in sides:
                parties.add(
                    id=self._id(AgreementParty),
                    agreement_id=agreement_id,
                    organisation_id=self.org_ids[side],
                )
                staff = self.org_people.get(side)
                person = rng.choice(staff) if staff else None
                if person is not None and person not in [p for p, _ in signers]:
                    signers.append((person, side))
                    signatories.add(
                        id=self._id(Signatory),
                        agreement_id=agreement_id,
                        person_id=self.person_ids[person],
                        party_id=self.org_ids[side],
                        role_title=self.person_role[person],
                    )
            for topic in topic_ids:
                topics.pair(agreement_id, topic)
            sources.pair(agreement_id, rng.choice(self.source_ids))
            tips.append(index)
            self.agreements.append(
                {
                    "id": agreement_id,
                    "title": title,
                    "root_title": root_title,
                    "depth": depth,
                    "signed": signed,
                    "parties": sides,
                    "signers": signers,
                    "topics": topic_ids,
                    "place": place,
                }
            )

    # --- events and participations -----------------------------------------------------------

    def _events(self):
        rng = self._rng("events")
        self.event_rows = self._table(Event)
        self.event_hosts = self._links(Event.hosts)
        self.event_topics = self._links(Event.topics)
        self.event_sources = self._links(Event.sources)
        self.event_agreements = self._links(Event.agreements)
        self.plans: list[EventPlan] = []
        self._orgs_by_city = defaultdict(list)
        for i, city in enumerate(self.org_city):
            self._orgs_by_city[city].append(i)
        n = self.scale.events
        self._programme_events(rng, int(n * 0.4))
        self._signing_events(rng, min(int(n * 0.16), int(len(self.agreements) * 0.4)))
        while len(self.plans) < n:
            self._standalone_event(rng)
        self._size_events(rng)
        participations = self._table(Participation)
        participations.stream(self._participations())

    def _programme_events(self, rng, limit: int):
        for delegation in self.delegations:
            for _ in range(rng.randint(2, 6)):
                if len(self.plans) >= limit:
                    return
                start = delegation["start"]
                if delegation["end"].is_known:
                    span = (delegation["end"].value - start.value).days
                    start = when(start.value + dt.timedelta(days=rng.randint(0, span)), "day")
                kind = rng.choices(*zip(*_PROGRAMME_KINDS, strict=True))[0]
                mandatory = [
                    (self.person_ids[p], self.org_ids[self.person_org[p]], "delegation", "")
                    for p in delegation["team"]
                ]
                self._add_event(
                    rng, kind=kind, start=start, city=delegation["city"],
                    country=delegation["country"], topics=delegation["topics"],
                    delegation_id=delegation["id"], mandatory=mandatory,
                )  # fmt: skip

    def _signing_events(self, rng, limit: int):
        known = [a for a in self.agreements if a["signed"].is_known]
        for agreement in rng.sample(known, min(limit, len(known))):
            hosts = agreement["parties"]
            mandatory = [
                (self.person_ids[p], self.org_ids[side], "signatory", self.person_role[p])
                for p, side in agreement["signers"]
            ]
            event_id = self._add_event(
                rng, kind="signing", start=agreement["signed"], city=agreement["place"],
                country=self.org_country[hosts[0]], topics=agreement["topics"], hosts=hosts,
                mandatory=mandatory, title=f"Unterzeichnung: {agreement['title']}"[:250],
            )  # fmt: skip
            self.event_agreements.pair(event_id, agreement["id"])

    def _standalone_event(self, rng):
        kind = rng.choices(*zip(*_STANDALONE_KINDS, strict=True))[0]
        country = rng.choices(["DE", "JP", "other"], [70, 22, 8])[0]
        city, country = self._city_in(rng, country)
        self._add_event(
            rng, kind=kind, start=approx_date(rng, 2000, 2027), city=city, country=country,
            topics=self._some_topics(rng, 1, 2),
        )  # fmt: skip

    def _add_event(
        self, rng, *, kind, start, city, country, topics, hosts=None, delegation_id=None,
        mandatory=(), title=None,
    ) -> int:  # fmt: skip
        event_id = self._id(Event)
        local = self._orgs_by_city.get(city, [])
        venue = rng.choice(local) if local and rng.random() < 0.7 else None
        if hosts is None:
            hosts = rng.sample(local, min(len(local), rng.randint(1, 2)))
        topic_name = self.topic_name[topics[0]]
        if title is None:
            org = self.org_name[venue if venue is not None else (hosts[0] if hosts else 0)]
            template = rng.choice(words.EVENT_TITLES[kind])
            title = template.format(topic=topic_name, city=city, org=org, agreement="")[:250]
        end = UNKNOWN
        long_kind = kind in ("conference", "exchange", "workshop")
        if long_kind and start.precision == _DAY and rng.random() < 0.35:
            end = when(start.value + dt.timedelta(days=rng.randint(1, 3)), "day")
        if start.is_known and start.value > REFERENCE_DATE:
            status = "cancelled" if rng.random() < 0.05 else "planned"
        elif not start.is_known:
            status = "planned" if rng.random() < 0.15 else "held"
        else:
            status = "cancelled" if rng.random() < 0.03 else "held"
        head_count = {}
        if rng.random() < 0.2:
            head_count = {
                "head_count": rng.randint(5, 200),
                "head_count_approx": rng.random() < 0.6,
                "head_count_label": "Teilnehmende",
            }
        self.event_rows.add(
            id=event_id,
            title=title,
            kind=kind,
            status=status,
            venue_id=self.org_ids[venue] if venue is not None else None,
            venue_name="" if venue is not None else f"{rng.choice(_VENUES)} {city}",
            city=city,
            country=country,
            delegation_id=delegation_id,
            description=f"{topic_name} in {city}." if rng.random() < 0.2 else "",
            **date_columns("start", start),
            **date_columns("end", end),
            **head_count,
        )
        for host in hosts:
            self.event_hosts.pair(event_id, self.org_ids[host])
        for topic in topics:
            self.event_topics.pair(event_id, topic)
        self.event_sources.pair(event_id, rng.choice(self.source_ids))
        plan = EventPlan(event_id, kind, country)
        seen_people, seen_orgs = set(), set()
        host_rows = []
        for host in hosts:
            staff = self.org_people.get(host)
            if staff:
                person = rng.choice(staff)
                host_rows.append(
                    (self.person_ids[person], self.org_ids[host], "host", self.person_role[person])
                )
            else:
                host_rows.append((None, self.org_ids[host], "host", ""))
        for person, org, role, role_title in [*mandatory, *host_rows]:
            key = (org, role)
            if (person is not None and person in seen_people) or (
                person is None and key in seen_orgs
            ):
                continue
            if person is None:
                seen_orgs.add(key)
            else:
                seen_people.add(person)
            plan.mandatory.append((person, org, role, role_title))
        self.plans.append(plan)
        return event_id

    def _size_events(self, rng):
        """Guests per event so that participations add up exactly to the scale's number.

        Each event gets its share of the guests by weight (largest remainder for the rounding);
        at toy scales an event cannot take more than half of the people who are still free.
        """
        target = self.scale.participations
        mandatory = sum(len(p.mandatory) for p in self.plans)
        while mandatory > target:  # only at toy scales: drop delegation members from big events
            biggest = max(self.plans, key=lambda p: len(p.mandatory))
            biggest.mandatory.pop()
            mandatory -= 1
        people = len(self.person_ids)
        caps = [max(0, (people - len(p.mandatory)) // 2) for p in self.plans]
        weights = [_EVENT_SIZE[p.kind] * rng.lognormvariate(0, 0.6) for p in self.plans]
        remaining = target - mandatory
        while remaining > 0:
            open_events = [i for i, p in enumerate(self.plans) if p.guests < caps[i]]
            if not open_events:
                raise ValueError("too few people for the number of participations")
            total = sum(weights[i] for i in open_events)
            fractions = []
            for i in open_events:
                share = remaining * weights[i] / total
                whole = min(caps[i] - self.plans[i].guests, int(share))
                self.plans[i].guests += whole
                fractions.append((share - whole, i))
            remaining = target - mandatory - sum(p.guests for p in self.plans)
            fractions.sort(key=lambda f: (-f[0], f[1]))
            for _fraction, i in fractions[:remaining]:
                if self.plans[i].guests < caps[i]:
                    self.plans[i].guests += 1
                    remaining -= 1

    def _participations(self) -> Iterator[dict]:
        rng = self._rng("participations")
        prominent, prominent_cum = self._prominent_cum()
        everyone = len(self.person_ids)
        orgs_by_country = defaultdict(list)
        for i, country in enumerate(self.org_country):
            orgs_by_country[country].append(i)
        next_id = self.existing.max_ids.get(Participation, 0)
        for plan in self.plans:
            taken = {person for person, *_ in plan.mandatory}
            taken_orgs = {(org, role) for person, org, role, _t in plan.mandatory if person is None}
            for person, org, role, role_title in plan.mandatory:
                next_id += 1
                yield {
                    "id": next_id,
                    "event_id": plan.id,
                    "person_id": person,
                    "organisation_id": org,
                    "role": role,
                    "role_title": role_title,
                }
            local = self.people_by_country.get(plan.country)
            local_orgs = orgs_by_country.get(plan.country)
            for slot in range(plan.guests):
                role = "speaker" if slot < 2 and rng.random() < 0.3 else "guest"
                if local_orgs and rng.random() < 0.08:  # an organisation without named people
                    org = self.org_ids[rng.choice(local_orgs)]
                    if (org, "guest") not in taken_orgs:
                        taken_orgs.add((org, "guest"))
                        next_id += 1
                        yield {"id": next_id, "event_id": plan.id, "organisation_id": org}
                        continue
                while True:
                    roll = rng.random()
                    if roll < 0.03:
                        person = pick_cum(rng, prominent, prominent_cum)
                    elif local and roll < 0.5:
                        person = local[rng.randrange(len(local))]
                    else:
                        person = rng.randrange(everyone)
                    if self.person_ids[person] not in taken:
                        break
                person_id = self.person_ids[person]
                taken.add(person_id)
                next_id += 1
                yield {
                    "id": next_id,
                    "event_id": plan.id,
                    "person_id": person_id,
                    "organisation_id": self.org_ids[self.person_org[person]]
                    if rng.random() < 0.7
                    else None,
                    "role": role,
                    "role_title": self.person_role[person] if rng.random() < 0.3 else "",
                }


@functools.cache
def _ascii(text: str) -> str:
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
