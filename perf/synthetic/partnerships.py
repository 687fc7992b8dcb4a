"""Delegations (leader, organisers, members) and agreements (parties, signatories, chains)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
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

_AGREEMENT_LABELS = {
    "mou": "Memorandum of Understanding", "iuc": "IUC-Projektvereinbarung",
    "cooperation": "Kooperationsvereinbarung", "exchange": "Austauschprogramm",
    "loi": "Absichtserklärung", "funding": "Förderzusage",
}  # fmt: skip


class PartnershipStages(Stage):
    def _delegations(self):
        rng = self._rng("delegations")
        rows = self._table(Delegation)
        members = self._table(DelegationMember)
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
            if start.precision == DAY and rng.random() < 0.8:
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
            self._add_searchable(
                rows,
                id=delegation_id,
                title=title,
                direction="outgoing" if outgoing else "incoming",
                origin_country=origin_country,
                origin_city=origin_city,
                origin_organisation_id=self.org_ids[origin_org] if origin_org is not None else None,
                destination_country=dest_country,
                destination_city=dest_city,
                purpose=f"Kooperationen anbahnen: {topic_name}.",
                **date_columns("start", start),
                **date_columns("end", end),
                **head_count,
            )
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
        participants = self._table(AgreementParticipant)
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
            self._add_searchable(
                rows,
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
                participants.add(
                    id=self._id(AgreementParticipant),
                    agreement_id=agreement_id,
                    organisation_id=self.org_ids[side],
                    role="party",
                    role_title="",
                )
                staff = self.org_people.get(side)
                person = rng.choice(staff) if staff else None
                if person is not None and person not in [p for p, _ in signers]:
                    signers.append((person, side))
                    participants.add(
                        id=self._id(AgreementParticipant),
                        agreement_id=agreement_id,
                        person_id=self.person_ids[person],
                        organisation_id=self.org_ids[side],
                        role="signatory",
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
