"""The API's resources: one viewset per record type, each list sharing its list page's
filters, sorts and keyset pages (api.listing)."""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from api.access import ReaderPermission
from api.errors import check_body_size
from api.filters import SourceListing, TopicListing
from api.listing import KeysetPagination, ListFilterBackend, check_parameters
from api.rows import (
    attach,
    function_rows,
    involvement_counts,
    involvement_rows,
    related_ids,
)
from api.serializers.encounters import EncounterSerializer
from api.serializers.events import EventSerializer, EventSummarySerializer
from api.serializers.partnerships import (
    AgreementSerializer,
    DelegationSerializer,
    DelegationSummarySerializer,
)
from api.serializers.people import (
    OrganisationSerializer,
    PersonSerializer,
    SourceSerializer,
    TopicSerializer,
)
from events.encounters import as_encounters
from events.models import Event, Participation
from front.filters.events import EncounterOccasionFilter, encounter_kind
from front.views.events import EncounterListView, EventListView, encounter_sorts
from front.views.partnerships import CHAIN_DEPTH, AgreementListView, DelegationListView
from front.views.people import OrganisationListView, PersonListView
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.models import Organisation, Person, Source, Topic


@csrf_exempt  # nothing is changed here, whatever the method
@login_not_required
def not_found(request, *args, **kwargs):
    """Anything under /api/ that is no resource: a JSON 404 too, not the HTML error page."""
    return JsonResponse({"detail": _("Nicht gefunden.")}, status=404)


class RecordViewSet(viewsets.ModelViewSet):
    """List, read, create, replace, change and delete one kind of record."""

    page_view = None  # the HTML list page (or its stand-in) whose filters and sorts apply
    pagination_class = KeysetPagination
    filter_backends = [ListFilterBackend]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]{1,18}"

    @property
    def filterset_class(self):
        return self.page_view.filterset_class

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # who asks, and may they
        check_body_size(request)

    def list(self, request, *args, **kwargs):
        check_parameters(self, request)
        return super().list(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        # The list filters are for lists; DRF would also run them for a single record.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    # Nested lists read as rows for the whole page (api.rows): field name → reader; lists
    # may show a summary (summary_serializer_class) with readers of their own.
    nested_rows: dict = {}
    summary_serializer_class = None
    summary_rows: dict | None = None

    def get_serializer_class(self):
        if self.action == "list" and self.summary_serializer_class is not None:
            return self.summary_serializer_class
        return super().get_serializer_class()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach(page, self.nested_rows if self.summary_rows is None else self.summary_rows)
        return page

    def get_object(self):
        record = super().get_object()
        attach([record], self.nested_rows)
        return record

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()
        attach([serializer.instance], self.nested_rows)

    perform_update = perform_create

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()


def counted_instead(nested_rows: dict, field: str, model) -> dict:
    """A list's readers: the nested list ``field`` replaced by its length (``<singular>_count``,
    e.g. members → member_count)."""
    rows = {name: read for name, read in nested_rows.items() if name != field}
    rows[f"{field.removesuffix('s')}_count"] = partial(involvement_counts, model)
    return rows


def _described(name: str, plural: str):
    article = "an" if name[0] in "aeiou" else "a"
    return extend_schema_view(
        list=extend_schema(summary=f"{plural}: filtered list, a page at a time"),
        retrieve=extend_schema(summary=f"One {name}"),
        create=extend_schema(summary=f"Create {article} {name}"),
        update=extend_schema(summary=f"Replace {article} {name}"),
        partial_update=extend_schema(summary=f"Change fields of {article} {name}"),
        destroy=extend_schema(summary=f"Delete {article} {name}"),
    )


@_described("topic", "Topics")
class TopicViewSet(RecordViewSet):
    page_view = TopicListing
    serializer_class = TopicSerializer
    queryset = Topic.objects.all()


@_described("source", "Sources")
class SourceViewSet(RecordViewSet):
    page_view = SourceListing
    serializer_class = SourceSerializer
    queryset = Source.objects.all()


@_described("organisation", "Organisations")
class OrganisationViewSet(RecordViewSet):
    page_view = OrganisationListView
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.all()
    nested_rows = {
        "sectors": related_ids(Organisation, "sectors"),
        "sources": related_ids(Organisation, "sources"),
    }


@_described("person", "People")
class PersonViewSet(RecordViewSet):
    page_view = PersonListView
    serializer_class = PersonSerializer
    queryset = Person.objects.all()
    nested_rows = {"sources": related_ids(Person, "sources"), "functions": function_rows}


@_described("delegation", "Delegations")
class DelegationViewSet(RecordViewSet):
    page_view = DelegationListView
    serializer_class = DelegationSerializer
    queryset = Delegation.objects.all()
    nested_rows = {
        "topics": related_ids(Delegation, "topics"),
        "sources": related_ids(Delegation, "sources"),
        "members": partial(involvement_rows, DelegationMember),
    }
    summary_serializer_class = DelegationSummarySerializer
    summary_rows = counted_instead(nested_rows, "members", DelegationMember)


@_described("agreement", "Agreements")
class AgreementViewSet(RecordViewSet):
    page_view = AgreementListView
    serializer_class = AgreementSerializer
    queryset = Agreement.objects.select_related("__".join(["supplements"] * CHAIN_DEPTH))
    nested_rows = {
        "topics": related_ids(Agreement, "topics"),
        "sources": related_ids(Agreement, "sources"),
        "participants": partial(involvement_rows, AgreementParticipant),
    }


@_described("event", "Events")
class EventViewSet(RecordViewSet):
    page_view = EventListView
    serializer_class = EventSerializer
    queryset = Event.objects.all()
    nested_rows = {
        "agreements": related_ids(Event, "agreements"),
        "topics": related_ids(Event, "topics"),
        "sources": related_ids(Event, "sources"),
        "participants": partial(involvement_rows, Participation),
    }
    summary_serializer_class = EventSummarySerializer
    summary_rows = counted_instead(nested_rows, "participants", Participation)


@extend_schema_view(
    list=extend_schema(
        summary="Who met whom: one row per encounter at a held event",
        description="The filters of the page „Begegnungen“; `kind=organisation` (or an "
        "`organisation` without a `person`) lists organisations instead of people.",
    )
)
class EncounterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = EncounterSerializer
    filterset_class = EncounterOccasionFilter
    filter_backends = [ListFilterBackend]
    pagination_class = KeysetPagination
    permission_classes = [ReaderPermission]  # read only: a write is 405 for every reader
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return EncounterListView().get_queryset()

    @property
    def page_view(self):
        """The encounter page's sorts for the kind asked for (they differ by kind)."""
        request = getattr(self, "request", None)
        kind = encounter_kind(request.query_params if request is not None else {})
        sorts, tiebreak = encounter_sorts(kind)
        return SimpleNamespace(
            sorts=sorts,
            tiebreak=tiebreak,
            default_sort=EncounterListView.default_sort,
            count_limit=EncounterListView.count_limit,
        )

    def list(self, request, *args, **kwargs):
        check_parameters(self, request)
        return super().list(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        return as_encounters(super().paginate_queryset(queryset))
