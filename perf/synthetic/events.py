"""Events (delegation programmes, signings, everything else) and exactly N participations."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from events.models import Event, Participation
from perf import vocabulary as words
from perf.synthetic.base import (
    DAY,
    REFERENCE_DATE,
    UNKNOWN,
    Stage,
    approx_date,
    date_columns,
    pick_cum,
    when,
)

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
_VENUES = ["Rathaus", "Kongresszentrum", "Hotel am Markt", "Messehalle", "Technologiezentrum"]


@dataclass
class EventPlan:
    id: int
    kind: str
    country: str
    # (person id or None, organisation id or None, role, role title); duplicates removed.
    mandatory: list = field(default_factory=list)
    guests: int = 0


class EventStages(Stage):
    # --- events and participations -----------------------------------------------------------

    def _events(self):
        rng = self._rng("events")
        self.event_rows = self._table(Event)
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
        if long_kind and start.precision == DAY and rng.random() < 0.35:
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
        self._add_searchable(
            self.event_rows,
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
