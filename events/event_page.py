"""What the event detail page shows, read in a fixed number of queries whatever the event's size.

The biggest events have hundreds of participants; the page reads them as plain values (no
model instances with every column of person and organisation) and builds their links with
core.links, so the page costs the database's time, not Python's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from itertools import groupby

from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext

from core.links import record_url
from events.encounters import person_name
from events.models import Event, Participation
from partnerships.models import Agreement
from people.models import Organisation, Topic

HOST, AGREEMENT, TOPIC = "host", "agreement", "topic"


@dataclass(frozen=True)
class Link:
    pk: int
    label: str
    slug: str = ""


@dataclass
class RelatedRecords:
    hosts: list[Link] = field(default_factory=list)
    agreements: list[Link] = field(default_factory=list)
    topics: list[Link] = field(default_factory=list)


def related_records(event: Event) -> RelatedRecords:
    """Hosts, agreements signed at the event and its topics: one UNION ALL query."""

    def part(queryset, kind: str, label: str, slug=None):
        return queryset.order_by().values_list(
            Value(kind, output_field=CharField()),
            F("pk"),
            F(label),
            F(slug) if slug else Value("", output_field=CharField()),
        )

    hosts = part(Organisation.objects.filter(hosted_events=event), HOST, "name")
    agreements = part(Agreement.objects.filter(signing_events=event), AGREEMENT, "title")
    topics = part(Topic.objects.filter(events=event), TOPIC, "name", "slug")
    records = RelatedRecords()
    lists = {HOST: records.hosts, AGREEMENT: records.agreements, TOPIC: records.topics}
    for kind, pk, label, slug in hosts.union(agreements, topics, all=True):
        lists[kind].append(Link(pk, label, slug))
    for links in lists.values():
        links.sort(key=lambda link: (link.label.casefold(), link.pk))
    return records


@dataclass(frozen=True)
class Participant:
    name: str
    url: str
    role_title: str
    organisation: str = ""  # the organisation a person acted for
    organisation_url: str = ""

    @property
    def html(self) -> str:
        """The participant's line. Built here, not in the template: at hundreds of
        participants the template engine's per-variable cost was most of the page's time."""
        html = format_html('<a href="{}">{}</a>', self.url, self.name)
        if self.role_title:
            html += format_html(", {}", self.role_title)
        if self.organisation:
            html += format_html(
                ' <span class="muted">– {} <a href="{}">{}</a></span>',
                gettext("für"),
                self.organisation_url,
                self.organisation,
            )
        return html


@dataclass(frozen=True)
class RoleGroup:
    role: str
    participants: list[Participant]


def participant_groups(event: Event) -> tuple[list[RoleGroup], int]:
    """The event's participants grouped by role (in the order of the role choices), and their
    number; one query."""
    rows = (
        Participation.objects.filter(event=event)
        .annotate(
            role_order=_role_order(),
            honorific=F("person__honorific"),
            given=F("person__given_name"),
            family=F("person__family_name"),
            organisation_name=F("organisation__name"),
        )
        .order_by("role_order", "organisation_name", "family", "given", "pk")
        .values(
            "role",
            "role_title",
            "person_id",
            "organisation_id",
            "honorific",
            "given",
            "family",
            "organisation_name",
        )  # fmt: skip
    )
    person_url = partial(record_url, "people:person_detail")
    organisation_url = partial(record_url, "people:organisation_detail")
    roles = dict(Participation.Role.choices)
    groups, count = [], 0
    for role, members in groupby(rows, key=lambda row: row["role"]):
        participants = []
        for row in members:
            count += 1
            organisation = (
                (row["organisation_name"], organisation_url(row["organisation_id"]))
                if row["organisation_id"]
                else ("", "")
            )
            if row["person_id"]:
                participants.append(
                    Participant(
                        person_name(row["honorific"], row["given"], row["family"]),
                        person_url(row["person_id"]),
                        row["role_title"],
                        *organisation,
                    )
                )
            else:
                participants.append(Participant(*organisation, row["role_title"]))
        groups.append(RoleGroup(str(roles.get(role, role)), participants))
    return groups, count


def _role_order():
    """The position of the role in Participation.Role, so groups follow the declared order."""
    return Case(
        *(When(role=value, then=Value(i)) for i, value in enumerate(Participation.Role.values)),
        default=Value(len(Participation.Role.values)),
        output_field=IntegerField(),
    )
