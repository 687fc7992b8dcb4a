"""The list page every directory shares: FilterSet, sorting, keyset pages, count, CSV, XLSX.

A subclass names its FilterSet, its base queryset, its sort options and its CSV columns.
The page and its ``?format=csv`` and ``?format=xlsx`` downloads run the same FilterSet and the
same ordering, so both hold exactly the filtered list (all pages), in the same columns. Query
count per page, whatever the number of rows: the count, the page rows, the subclass's
prefetches, the topic choices of the form and one lookup per active record filter ("chip").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.counting import RowCount, row_count
from core.exports import csv_response, xlsx_streaming_response
from core.listing.access import ReaderRequiredMixin
from core.listing.keyset import BadPage, Ordering, build_ordering, paginate

CSV_CHUNK = 2000
EXPORT_FORMATS = ("csv", "xlsx")


def as_text(column) -> str:
    """The title of the column beside a date column that gives the date as written ("Q1 2022",
    "ca. 2017", "Datum unbekannt"); the date column itself holds the ISO date (CSV) or a
    date cell (XLSX)."""
    return _("%(column)s (Angabe)") % {"column": column}


@dataclass(frozen=True)
class Sort:
    label: str
    columns: tuple[str, ...]  # field paths, "-x" for descending; the pk is added to break ties


def sort_ordering(queryset, sorts: dict[str, Sort], sort_key: str, tiebreak) -> Ordering:
    """The keyset ordering of sort option ``sort_key`` ("-key" reverses it)."""
    columns = list(sorts[sort_key.lstrip("-")].columns)
    if sort_key.startswith("-"):
        columns = [c[1:] if c.startswith("-") else f"-{c}" for c in columns]
    return build_ordering(queryset, columns, list(tiebreak))


def form_errors(form) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.append(f"{label}: {error}" if label else str(error))
    return messages


class FilteredListView(ReaderRequiredMixin, TemplateView):
    filterset_class = None
    sorts: dict[str, Sort] = {}
    default_sort = ""
    tiebreak: tuple[str, ...] = ("id",)
    page_size = 50
    # A filtered list counts at most this many rows (None: exact): past that, the exact number
    # helps no one and costs a scan of every match. Unfiltered lists show the table's size,
    # estimated for big tables (core.counting).
    count_limit: int | None = 1_000
    csv_filename = "liste.csv"
    title = ""
    export_formats: tuple[str, ...] = EXPORT_FORMATS  # ?format= values export() serves

    # --- what subclasses provide -----------------------------------------------------------

    def get_queryset(self):
        return self.filterset_class._meta.model._default_manager.all()

    def csv_header(self) -> list[str]:
        raise NotImplementedError

    def csv_rows(self, rows):
        """CSV rows for the records of the filtered list, in order."""
        raise NotImplementedError

    def present(self, rows: list) -> list:
        """Turn the rows of one page into what the template shows (hook for values rows)."""
        return rows

    # --- the machinery ---------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        data = request.GET
        filterset = self.filterset_class(
            data if data else None, queryset=self.get_queryset(), request=request
        )
        errors: list[str] = []
        if filterset.is_bound and not filterset.is_valid():
            errors.extend(form_errors(filterset.form))
            queryset = filterset.qs.none()  # the valid filters' shape, without a query
        else:
            queryset = filterset.qs
        sort_key = data.get("sort", "") or self.default_sort
        if sort_key.lstrip("-") not in self.sorts:
            errors.append(str(_("Diese Sortierung gibt es nicht; die Standardsortierung gilt.")))
            sort_key = self.default_sort
        ordering = self._ordering(queryset, sort_key)

        output = data.get("format", "")
        if output in self.export_formats:
            ordered = queryset.order_by(*ordering.order_by())
            return self.export(output, ordered.iterator(chunk_size=CSV_CHUNK))
        if output:
            errors.append(str(_("Dieses Format gibt es nicht; erlaubt sind „csv“ und „xlsx“.")))

        try:
            page = paginate(queryset, ordering, data.get("page", ""), self.page_size)
        except BadPage:
            errors.append(str(_("Die Seitenangabe ist ungültig; die erste Seite wird gezeigt.")))
            page = paginate(queryset, ordering, "", self.page_size)
        count = self._count(queryset, page)
        context = self.get_context_data(
            filter=filterset,
            errors=errors,
            page=page,
            rows=self.present(page.rows),
            count=count.value,
            count_estimated=count.estimated,
            count_capped=count.capped,
            sort_key=sort_key,
            sort_options=self._sort_options(sort_key),
            chips=self._chips(filterset),
            title=self.title,
            page_urls=self._page_urls(page),
            csv_url=self._url(format="csv", page=None),
            xlsx_url=self._url(format="xlsx", page=None),
        )
        return self.render_to_response(context)

    def export(self, output: str, rows):
        """The filtered list as a download, streamed: the CSV line by line, the XLSX row by
        row into a temporary file (core.exports); both have the same columns and rows."""
        header = [str(h) for h in self.csv_header()]
        if output == "xlsx":
            filename = self.csv_filename.removesuffix(".csv") + ".xlsx"
            sheets = {str(self.title): (header, self.csv_rows(rows))}
            return xlsx_streaming_response(filename, sheets)
        return csv_response(self.csv_filename, header, self.csv_rows(rows))

    def _count(self, queryset, page) -> RowCount:
        if not page.has_previous and not page.has_next:
            return RowCount(len(page.rows))  # everything fits on one page: no COUNT query
        return row_count(queryset, self.count_limit)

    def _ordering(self, queryset, sort_key: str):
        return sort_ordering(queryset, self.sorts, sort_key, self.tiebreak)

    def _url(self, **changes) -> str:
        params = self.request.GET.copy()
        for key, value in changes.items():
            params.pop(key, None)
            if value is not None:
                params[key] = value
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    def _sort_options(self, current: str) -> dict:
        options = {}
        for key, sort in self.sorts.items():
            active = current.lstrip("-") == key
            descending = current.startswith("-")
            target = f"-{key}" if active and not descending else key
            options[key] = {
                "label": sort.label,
                "url": self._url(sort=target, page=None),
                "active": active,
                "descending": active and descending,
            }
        return options

    def _page_urls(self, page) -> dict:
        return {
            "first": self._url(page=None) if page.has_previous else None,
            "previous": self._url(page=page.previous_token) if page.previous_token else None,
            "next": self._url(page=page.next_token) if page.next_token else None,
            "last": self._url(page="last") if page.has_next else None,
        }

    def _chips(self, filterset) -> list[dict]:
        """The active record filters (organisation, person …) with their names."""
        if not filterset.is_bound or not filterset.is_valid():
            return []
        chips = []
        for name, model in filterset.record_filters.items():
            pk = filterset.form.cleaned_data.get(name)
            if pk is None:
                continue
            record = model._default_manager.filter(pk=pk).first()
            chips.append(
                {
                    "label": filterset.filters[name].label,
                    "name": str(record) if record else _("unbekannt (Nr. %(pk)s)") % {"pk": pk},
                    "remove_url": self._url(**{name: None, "page": None}),
                }
            )
        return chips
