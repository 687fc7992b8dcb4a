"""What an import did (or, in a dry run, would do): counts per kind and the changed records."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The kinds of record an import writes, in the order the summary lists them.
KINDS = {
    "source": gettext_lazy("Quellen"),
    "topic": gettext_lazy("Themen"),
    "organisation": gettext_lazy("Organisationen"),
    "person": gettext_lazy("Personen"),
    "affiliation": gettext_lazy("Funktionen"),
    "agreement": gettext_lazy("Vereinbarungen"),
    "agreement_party": gettext_lazy("Vertragsparteien"),
    "signatory": gettext_lazy("Unterzeichnende"),
    "delegation": gettext_lazy("Delegationen"),
    "delegation_member": gettext_lazy("Delegationsmitglieder"),
    "event": gettext_lazy("Veranstaltungen"),
    "participation": gettext_lazy("Teilnahmen"),
}
ACTIONS = ("created", "updated", "unchanged")
DUPLICATES_HEAD = gettext_lazy(
    "Mögliche Dubletten (neu angelegt, aber einem vorhandenen Eintrag ähnlich; prüfen und "
    "zusammenführen unter „Mögliche Dubletten“):"
)


@dataclass(frozen=True)
class Change:
    kind: str
    action: str  # "created" or "updated"
    label: str
    fields: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "action": self.action,
            "label": self.label,
            "fields": list(self.fields),
        }


@dataclass(frozen=True)
class LikelyDuplicate:
    """A record the import created that people.matching finds likely the same as ``others``."""

    kind: str  # "organisation" or "person"
    label: str
    others: tuple[str, ...]
    reasons: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "others": list(self.others),
            "reasons": list(self.reasons),
        }

    def text(self) -> str:
        return _("%(label)s: wie %(others)s (%(reasons)s)") % {
            "label": self.label,
            "others": ", ".join(f"'{o}'" for o in self.others),
            "reasons": ", ".join(self.reasons),
        }


@dataclass
class Summary:
    files: list[str]
    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    likely_duplicates: list[LikelyDuplicate] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not any(c["created"] or c["updated"] for c in self.counts.values())

    def count(self, kind: str, action: str) -> int:
        return self.counts.get(kind, {}).get(action, 0)

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "dry_run": self.dry_run,
            "nothing_to_do": self.nothing_to_do,
            "counts": self.counts,
            "changes": [change.as_dict() for change in self.changes],
            "likely_duplicates": [d.as_dict() for d in self.likely_duplicates],
        }

    def rows(self) -> list[tuple[str, int, int, int]]:
        """(kind label, created, updated, unchanged) for each kind with any record."""
        return [
            (str(label), *(self.count(kind, action) for action in ACTIONS))
            for kind, label in KINDS.items()
            if kind in self.counts
        ]

    def text(self) -> str:
        """The summary as the command prints it."""
        if self.dry_run:
            head = _("Probelauf (nichts gespeichert): %(files)s") % {"files": ", ".join(self.files)}
            columns = (_("würde anlegen"), _("würde ändern"), _("unverändert"))
        else:
            head = _("Import: %(files)s") % {"files": ", ".join(self.files)}
            columns = (_("angelegt"), _("geändert"), _("unverändert"))
        width = max([len(label) for label, *_counts in self.rows()] + [10])
        lines = [head, f"{'':{width}}  " + "  ".join(f"{c:>13}" for c in columns)]
        for label, *counts in self.rows():
            lines.append(f"{label:{width}}  " + "  ".join(f"{n:>13}" for n in counts))
        if self.nothing_to_do:
            lines.append(_("Nichts zu tun: die Datenbank entspricht schon den Dateien."))
        if self.likely_duplicates:
            lines.append(str(DUPLICATES_HEAD))
            lines.extend(f"  {d.text()}" for d in self.likely_duplicates)
        return "\n".join(lines)
