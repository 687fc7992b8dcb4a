"""Topics, sources, organisations (with hierarchies) and people with their roles over time."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator

from django.utils.text import slugify

from core.text import fold
from people.models import Affiliation, Organisation, Person, Source, Topic
from perf import vocabulary as words
from perf.rows import Rows
from perf.synthetic.base import (
    UNKNOWN,
    Stage,
    approx_date,
    ascii_name,
    date_columns,
    pick_cum,
)

# How many people an organisation of each kind employs, relatively (primary roles).
_STAFF_WEIGHT = {
    "company": 4, "startup": 1, "university": 3, "research": 2, "hospital": 1.5, "city": 3,
    "region": 1, "chamber": 1.5, "econdev": 1, "government": 1, "embassy": 0.5,
    "association": 1, "union": 0.3, "project": 0.3, "tradefair": 0.3, "school": 0.5,
    "other": 0.3,
}  # fmt: skip
# Relative number of guests an event of each kind draws.
_FOREIGN_LEGAL_FORMS = {
    "PL": "Sp. z o.o.", "TR": "A.Ş.", "CH": "AG", "AT": "GmbH", "FR": "SAS", "US": "Inc.",
    "CA": "Ltd.", "CN": "Co., Ltd.", "KR": "Co., Ltd.", "NL": "B.V.",
}  # fmt: skip
_PUBLISHERS = [
    ("Stadt Essen – Pressedienst", "de"), ("WAZ", "de"), ("Rheinische Post", "de"),
    ("IHK-Magazin", "de"), ("Fukushima Minpō", "ja"), ("The Japan Times", "en"),
    ("Nikkei Asia", "en"), ("Braunschweiger Zeitung", "de"), ("JETRO Newsletter", "en"),
]  # fmt: skip


class DirectoryStages(Stage):
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
        self._add_searchable(self.org_rows, **values)
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
            self._add_searchable(rows, **values)
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
        domain = ascii_name(self.org_base[org])[:40]
        legal_basis = rng.choices(
            [c.value for c in Person.LegalBasis], [70, 15, 5, 10]
        )[0]  # fmt: skip
        return {
            "id": person_id,
            "honorific": honorific,
            "given_name": given,
            "family_name": family,
            "name_variants": "\n".join(variants),
            "email": f"{ascii_name(given)}.{ascii_name(family)}@{domain}.example"
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
