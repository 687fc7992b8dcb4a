"""API lists that answer exactly like their HTML list pages: the page's FilterSet, its sort
options and its keyset pages (core.listing), one definition for both."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.counting import row_count
from core.listing.keyset import BadPage, paginate
from core.listing.views import sort_ordering
from core.text import is_digits

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGING_PARAMETERS = ("page", "page_size", "sort")


def list_ordering(view, queryset):
    """The ordering the ``sort`` parameter asks for, as on the list page."""
    page_view = view.page_view
    sort_key = view.request.query_params.get("sort", "") or page_view.default_sort
    if sort_key.lstrip("-") not in page_view.sorts:
        raise ValidationError(
            {"sort": [_("Diese Sortierung gibt es nicht; erlaubt: %(keys)s.")
                      % {"keys": ", ".join(sorted(page_view.sorts))}]}
        )  # fmt: skip
    return sort_ordering(queryset, page_view.sorts, sort_key, page_view.tiebreak)


def check_parameters(view, request) -> None:
    """A parameter the list does not know is an error, not silently ignored."""
    known = {*view.filterset_class.base_filters, *PAGING_PARAMETERS}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ValidationError({name: [_("Diesen Parameter gibt es nicht.")] for name in unknown})


class ListFilterBackend(DjangoFilterBackend):
    """The list page's FilterSet; its form's errors under DRF's names."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict) and "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
            raise ValidationError(detail) from None


class KeysetPagination(BasePagination):
    """``page`` takes the tokens of the list pages: empty (first page), ``last``,
    ``a.<token>`` (after a row), ``b.<token>`` (before a row); ``next`` and ``previous``
    are ready-made addresses. ``count`` is exact up to the list page's limit, estimated for
    big unfiltered tables (``count_estimated``) and capped for big filtered ones
    (``count_capped``)."""

    def paginate_queryset(self, queryset, request, view=None):
        size = self._page_size(request)
        ordering = list_ordering(view, queryset)
        try:
            page = paginate(queryset, ordering, request.query_params.get("page", ""), size)
        except BadPage:
            raise ValidationError({"page": [_("Die Seitenangabe ist ungültig.")]}) from None
        self.request, self.page = request, page
        if page.has_previous or page.has_next:
            self.count = row_count(queryset, view.page_view.count_limit)
        else:
            self.count = None
        return page.rows

    @staticmethod
    def _page_size(request) -> int:
        raw = request.query_params.get("page_size", "")
        if raw == "":
            return DEFAULT_PAGE_SIZE
        if not is_digits(raw) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {"page_size": [_("Eine ganze Zahl von 1 bis %(max)s.") % {"max": MAX_PAGE_SIZE}]}
            )
        return int(raw)

    def _link(self, token):
        url = self.request.build_absolute_uri()
        return replace_query_param(url, "page", token) if token else remove_query_param(url, "page")

    def get_paginated_response(self, data):
        page, count = self.page, self.count
        return Response(
            {
                "count": len(page.rows) if count is None else count.value,
                "count_estimated": bool(count and count.estimated),
                "count_capped": bool(count and count.capped),
                "next": self._link(page.next_token) if page.next_token else None,
                "previous": self._link(page.previous_token) if page.previous_token else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_estimated", "count_capped", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "count_estimated": {"type": "boolean"},
                "count_capped": {"type": "boolean"},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        sorts = sorted({*view.page_view.sorts, *(f"-{k}" for k in view.page_view.sorts)})
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "Page token from `next`/`previous`, or `last`.",
                "schema": {"type": "string", "maxLength": 2000},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },  # fmt: skip
            {
                "name": "sort",
                "in": "query",
                "required": False,
                "description": f"As on the list page; default `{view.page_view.default_sort}`.",
                "schema": {"type": "string", "enum": sorts},
            },
        ]
