"""Every URL pattern of the project, found by walking the resolver (admin included)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# The filtered list pages (core.listing.views.FilteredListView), by URL name.
LIST_PAGES = [
    "people:organisation_list",
    "people:person_list",
    "partnerships:delegation_list",
    "partnerships:agreement_list",
    "events:event_list",
    "events:encounter_list",
]


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "personen/<int:pk>/"
    name: str | None  # namespaced, e.g. "people:person_detail"
    pattern: URLPattern

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(prefix + str(entry.pattern), name, entry)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
