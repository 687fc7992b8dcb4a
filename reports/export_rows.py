"""Rows of the report downloads; the files themselves come from core.exports.

A date is given twice: as the ApproxDate (an ISO date in the CSV, a date cell in the XLSX) and
as its honest text beside it ("Q1 2022", "ca. 2017")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reports.timeline import TimelineItem

TIMELINE_HEADER = [
    _("Datum (ISO)"),
    _("Datum"),
    _("Eintrag"),
    _("Titel"),
    _("Art"),
    _("Status"),
    _("Ort / Route"),
    _("Partnerseite"),
    _("Gegenseite"),
    _("Themen"),
    _("Vereinbarungskette"),
    _("Quellen"),
]
INVOLVEMENT_HEADER = [
    _("Datum (ISO)"),
    _("Datum"),
    _("Eintrag"),
    _("Titel"),
    _("Seite"),
    _("Name"),
    _("Rolle"),
    _("Funktion damals"),
    _("für Organisation"),
]
SOURCE_HEADER = [
    _("Nr."),
    _("Herausgeber"),
    _("Titel"),
    _("erschienen am"),
    _("Autor/in"),
    _("URL"),
]


def header(columns) -> list[str]:
    """Column titles in the request's language, as plain strings for the spreadsheet writer."""
    return [str(column) for column in columns]


def _names(involvements) -> str:
    return "; ".join(str(i) for i in involvements)


def timeline_rows(items: list[TimelineItem], with_sides: bool = True):
    for item in items:
        partner = _names(item.partner_side) if with_sides else ""
        other = _names(item.other_side if with_sides else item.involved)
        yield [
            item.date,
            item.when,
            item.kind_label,
            item.title,
            item.type_label,
            item.status_label,
            item.place,
            partner,
            other,
            ", ".join(item.topics),
            " → ".join(f"{a.title} ({a.signed})" for a in item.chain)
            if len(item.chain) > 1
            else "",
            " | ".join(str(s) for s in item.sources),
        ]


def involvement_rows(items: list[TimelineItem], with_sides: bool = True):
    for item in items:
        sides = [
            (str(_("Partnerseite")), item.partner_side),
            (str(_("Gegenseite")), item.other_side),
        ]
        if not with_sides:
            sides = [("", item.involved)]
        for side_label, involvements in sides:
            for inv in involvements:
                yield [
                    item.date,
                    item.when,
                    item.kind_label,
                    item.title,
                    side_label,
                    inv.name,
                    inv.role,
                    inv.role_title,
                    inv.organisation if inv.person_id else "",
                ]


def source_rows(sources):
    for number, source in enumerate(sources, start=1):
        yield [
            number,
            source.publisher,
            source.title,
            source.published_on,  # a plain date (None: empty)
            source.author,
            source.url,
        ]


def partner_sheets(report) -> dict:
    """The partner report's tables: {sheet title: (header, rows)}."""
    return {
        str(_("Zeitachse")): (header(TIMELINE_HEADER), timeline_rows(report.items)),
        str(_("Beteiligte")): (header(INVOLVEMENT_HEADER), involvement_rows(report.items)),
        str(_("Quellen")): (header(SOURCE_HEADER), source_rows(report.sources)),
    }


# ?table= of the period report's CSV download, and the sheet it is.
PERIOD_CSV_TABLES = {
    "timeline": _("Zeitachse"),
    "people": _("Begegnungen Personen"),
    "organisations": _("Begegnungen Organisationen"),
    "partners": _("Nach Partner"),
    "topics": _("Nach Thema"),
}


def _group_rows(groups):
    for group in groups:
        for item in group.items:
            yield [
                group.label,
                item.date,
                item.when,
                item.kind_label,
                item.title,
                item.type_label,
            ]


def _encounter_rows(encounters, with_for: bool):
    for e in encounters:
        row = [e.date, str(e.date), e.person, e.met]
        if with_for:
            row.append(e.met_for)
        yield [*row, e.event, e.place]


PERSON_ENCOUNTER_HEADER = [
    _("Datum (ISO)"),
    _("Datum"),
    _("Person"),
    _("traf"),
    _("für Organisation"),
    _("Anlass"),
    _("Ort"),
]
ORGANISATION_ENCOUNTER_HEADER = [
    _("Datum (ISO)"),
    _("Datum"),
    _("Organisation"),
    _("traf"),
    _("Anlass"),
    _("Ort"),
]
GROUP_HEADER = [_("Datum (ISO)"), _("Datum"), _("Eintrag"), _("Titel"), _("Art")]


def period_sheets(report) -> dict:
    """Every table of the period report: {sheet title: (header, rows)}."""
    return {
        str(_("Zeitachse")): (
            header(TIMELINE_HEADER),
            timeline_rows(report.items, with_sides=False),
        ),
        str(_("Beteiligte")): (
            header(INVOLVEMENT_HEADER),
            involvement_rows(report.items, with_sides=False),
        ),
        str(_("Begegnungen Personen")): (
            header(PERSON_ENCOUNTER_HEADER),
            _encounter_rows(report.person_encounters, with_for=True),
        ),
        str(_("Begegnungen Organisationen")): (
            header(ORGANISATION_ENCOUNTER_HEADER),
            _encounter_rows(report.organisation_encounters, with_for=False),
        ),
        str(_("Nach Partner")): (
            header([_("Partner"), *GROUP_HEADER]),
            _group_rows(report.by_partner),
        ),
        str(_("Nach Thema")): (header([_("Thema"), *GROUP_HEADER]), _group_rows(report.by_topic)),
        str(_("Quellen")): (header(SOURCE_HEADER), source_rows(report.sources)),
    }
