"""What the event detail page shows, read in a fixed number of queries whatever the event's size.

The biggest events have hundreds of participants; the page reads them as plain values (no
model instances with every column of person and organisation) and builds their links with
core.links, so the page costs the database's time, not Python's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.links import record_urls
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
    url: str = ""


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

    host_organisations = Organisation.objects.filter(
        participations__event=event, participations__role=Participation.Role.HOST
    ).distinct()
    hosts = part(host_organisations, HOST, "name")
    agreements = part(Agreement.objects.filter(signing_events=event), AGREEMENT, "title")
    topics = part(Topic.objects.filter(events=event), TOPIC, "name", "slug")
    records = RelatedRecords()
    lists = {HOST: records.hosts, AGREEMENT: records.agreements, TOPIC: records.topics}
    urls = {
        HOST: record_urls("people:organisation_detail"),
        AGREEMENT: record_urls("partnerships:agreement_detail"),
    }
    for kind, pk, label, slug in hosts.union(agreements, topics, all=True):
        lists[kind].append(Link(pk, label, slug, urls[kind](pk) if kind in urls else ""))
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
    html: str = ""  # the participant's line, see _line()


def _line(name, url, role_title, organisation="", organisation_url="", *, acting_for) -> str:
    """A participant's line as HTML. Built with escape() rather than in the template or with
    format_html(): at hundreds of participants those were most of the page's time."""
    html = f'<a href="{escape(url)}">{escape(name)}</a>'
    if role_title:
        html += f", {escape(role_title)}"
    if organisation:
        html += (
            f' <span class="muted">– {escape(acting_for)} '
            f'<a href="{escape(organisation_url)}">{escape(organisation)}</a></span>'
        )
    return mark_safe(html)  # noqa: S308 - every part escaped above


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
        )
    )
    person_url = record_urls("people:person_detail")
    organisation_url = record_urls("people:organisation_detail")
    acting_for = gettext("für")
    roles = dict(Participation.role_choices())
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
                name = person_name(row["honorific"], row["given"], row["family"])
                parts = (name, person_url(row["person_id"]), row["role_title"], *organisation)
            else:
                parts = (*organisation, row["role_title"])
            participants.append(Participant(*parts, html=_line(*parts, acting_for=acting_for)))
        groups.append(RoleGroup(str(roles.get(role, role)), participants))
    return groups, count


def _role_order():
    """The position of the role among the event roles, so groups follow the declared order."""
    values = [value for value, _label in Participation.role_choices()]
    return Case(
        *(When(role=value, then=Value(i)) for i, value in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )
