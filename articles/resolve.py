"""Finding the records an import file names, by any of their names or aliases.

All records of a kind are loaded once per import into an index keyed by
:func:`people.names.name_key` (accent-, case-, dash- and quote-insensitive), so an article
about a known partner links to the existing record, and a mistyped name gets the nearest
known name as a suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.problems import closest, did_you_mean
from events.models import Event
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person, Topic
from people.names import name_key, without_honorific


class NotFound(Exception):
    """A name that matches no record, or more than one; the message says which."""


class NameIndex:
    """The records of one kind under each of their names."""

    def __init__(self, names_of: Callable[[Model], Iterable[str]], records: Iterable[Model]):
        self.names_of = names_of
        self.by_key: dict[str, dict[int, Model]] = defaultdict(dict)
        self.display: dict[str, str] = {}
        for record in records:
            self.add(record)

    def add(self, record: Model) -> None:
        """Index a new record, or a known one under the names it has now."""
        for name in self.names_of(record):
            key = name_key(name)
            if key:
                self.by_key[key][record.pk] = record
                self.display.setdefault(key, name)

    def matching(self, names: Iterable[str]) -> list[Model]:
        """The distinct records known under any of ``names``."""
        found: dict[int, Model] = {}
        for name in names:
            found.update(self.by_key.get(name_key(name), {}))
        return list(found.values())

    def suggestion(self, name: str) -> str | None:
        return closest(name_key(name), self.display)


def _person_names(person: Person) -> list[str]:
    return person.all_names()


def _titles(record) -> list[str]:
    return [record.title]


# What each kind is called in messages: unknown …, several … .
_UNKNOWN = {
    "topic": gettext_lazy("unbekanntes Thema '%(name)s'%(hint)s"),
    "organisation": gettext_lazy("unbekannte Organisation '%(name)s'%(hint)s"),
    "person": gettext_lazy("unbekannte Person '%(name)s'%(hint)s"),
    "agreement": gettext_lazy("unbekannte Vereinbarung '%(name)s'%(hint)s"),
    "delegation": gettext_lazy("unbekannte Delegation '%(name)s'%(hint)s"),
    "event": gettext_lazy("unbekannte Veranstaltung '%(name)s'%(hint)s"),
}


class Resolver:
    """Every topic, organisation, person, agreement, delegation and event, by name."""

    def __init__(self):
        # Whole rows, not .only(): the import compares every field of a matched record.
        self.indexes = {
            "topic": NameIndex(lambda t: [t.name, t.slug], Topic.objects.all()),
            "organisation": NameIndex(lambda o: o.all_names(), Organisation.objects.all()),
            # Erased people keep a placeholder name; an article never refers to them.
            "person": NameIndex(_person_names, Person.objects.filter(erased_at__isnull=True)),
            "agreement": NameIndex(_titles, Agreement.objects.all()),
            "delegation": NameIndex(_titles, Delegation.objects.all()),
            "event": NameIndex(_titles, Event.objects.all()),
        }

    def add(self, kind: str, record: Model) -> None:
        self.indexes[kind].add(record)

    def matching(self, kind: str, names: Iterable[str]) -> list[Model]:
        return self.indexes[kind].matching(names)

    def find(self, kind: str, name: str) -> Model:
        """The one record called ``name``; raises NotFound with a plain message otherwise."""
        index = self.indexes[kind]
        found = index.matching([name])
        if not found and kind == "person":
            found = index.matching([without_honorific(name)])
        if len(found) == 1:
            return found[0]
        if found:
            raise NotFound(ambiguous_message(name, found))
        hint = did_you_mean(index.suggestion(name))
        raise NotFound(_UNKNOWN[kind] % {"name": name, "hint": hint})


def ambiguous_message(name: str, records: list[Model]) -> str:
    names = ", ".join(sorted(f"'{r}'" for r in records))
    return _(
        "'%(name)s' passt auf mehrere Einträge (%(names)s); bitte einen eindeutigen Namen "
        "verwenden oder die doppelten Einträge unter „Mögliche Dubletten“ zusammenführen"
    ) % {"name": name, "names": names}
