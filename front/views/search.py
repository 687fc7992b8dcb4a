"""The site search page: one box, five kinds of records (the matching itself: core.search)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.listing.access import ReaderRequiredMixin
from core.search import search_q, search_rank
from core.text import fold
from events.models import Event
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person

RESULTS_PER_KIND = 20
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Section:
    model: type
    title: str
    list_url: str
    date: str = ""  # newest first by this date, as the list page does; else the model's order
    select_related: tuple[str, ...] = ()

    def order(self) -> list:
        if not self.date:
            return list(self.model._meta.ordering)
        # The list's "newest first", which its date index (``*_list_date_idx``) serves.
        return [F(self.date).desc(nulls_last=True), F("title").desc(), F("pk").asc()]

    def queryset(self, query: str):
        """The matches, best first where there is a rank, else (and then) in :meth:`order`."""
        model = self.model
        matches = model._default_manager.filter(search_q(model, query))
        order = self.order()
        rank = search_rank(model, query)
        if rank is not None:
            matches, order = matches.annotate(rank=rank), [F("rank").desc(), *order]
        return matches.order_by(*order).select_related(*self.select_related)

    def excerpt(self, record) -> str:
        """The free text shown under a match (the words may have matched there)."""
        fields = getattr(record, "full_text_fields", ())
        return getattr(record, fields[0]) if fields else ""


SECTIONS = (
    Section(Person, _("Personen"), "people:person_list"),
    Section(
        Organisation,
        _("Organisationen"),
        "people:organisation_list",
    ),
    Section(Event, _("Veranstaltungen"), "events:event_list", "start"),
    Section(
        Agreement,
        _("Vereinbarungen"),
        "partnerships:agreement_list",
        "signed_on",
    ),
    Section(
        Delegation,
        _("Delegationen"),
        "partnerships:delegation_list",
        "start",
    ),
)


class SearchView(ReaderRequiredMixin, TemplateView):
    """One box, five kinds of records; each kind one query, the first results plus a link."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")
        error = ""
        if len(query) > MAX_QUERY_LENGTH:
            error = _("Der Suchbegriff ist zu lang (höchstens %(max)d Zeichen).") % {
                "max": MAX_QUERY_LENGTH
            }
        elif query and not fold(query):
            error = _("Der Suchbegriff enthält keine suchbaren Zeichen.")
        results = []
        if query and not error:
            for section in SECTIONS:
                rows = list(section.queryset(query)[: RESULTS_PER_KIND + 1])
                for record in rows:
                    record.search_excerpt = section.excerpt(record)
                results.append(
                    {
                        "title": section.title,
                        "rows": rows[:RESULTS_PER_KIND],
                        "more": len(rows) > RESULTS_PER_KIND,
                        "list_url": f"{reverse(section.list_url)}?q={_quote(query)}",
                    }
                )
        context.update(
            query=query,
            error=error,
            results=results,
            found=sum(len(r["rows"]) for r in results),
        )
        return context


def _quote(text: str) -> str:
    return quote(text)
