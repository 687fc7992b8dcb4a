"""Admin building blocks shared by the domain apps.

Three things the stock admin does not do for us:

* name search that ignores accents and case ("muller" finds "Müller"), through the folded
  ``search_text`` column the searchable models keep;
* autocomplete widgets in inlines that do not run one query per row to find the label of the
  selected object: the inline queryset loads the related objects, and the widgets reuse them;
* refuse changelist filter values no database column can hold (an integer beyond 64 bits),
  which the stock admin passes on to the database (500 on SQLite): ``CrmAdminSite`` gives
  every registered admin the ``CheckedChangelistMixin``.
"""

import ipaddress
import re

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import GenericIPAddressField
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.collation import german_ordering
from core.history import history_entries
from core.labels import country_name
from core.text import fold
from core.uploads import randomise_upload_names


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An AutocompleteSelect that renders already-loaded objects without a query."""

    preloaded: dict | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if v not in (None, "")}
        if self.preloaded is None or not selected.issubset(self.preloaded):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for index, key in enumerate(sorted(selected), start=len(options)):
            obj = self.preloaded[key]
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, key, label, True, index))
        return [(None, options, 0)]


def _autocomplete_widget(field):
    widget = getattr(field.widget, "widget", field.widget)  # unwrap RelatedFieldWidgetWrapper
    return widget if isinstance(widget, AutocompleteSelect) else None


def preload_autocomplete_labels(form) -> None:
    """Hand each autocomplete widget the related object the form's instance already holds."""
    for name, field in form.fields.items():
        widget = _autocomplete_widget(field)
        if widget is None or form.instance.pk is None:
            continue
        related = getattr(form.instance, name, None)
        if related is not None:
            widget.__class__ = PreloadedAutocompleteSelect
            widget.preloaded = {str(related.pk): related}


class PreloadedFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            # The row's __str__ may name its parent; hand it over instead of loading it per row.
            setattr(form.instance, self.fk.name, self.instance)
            preload_autocomplete_labels(form)


class DomainInline(admin.TabularInline):
    """An inline whose autocomplete fields cost no query per row."""

    formset = PreloadedFormSet
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # Enforce min_num (e.g. two parties per agreement) instead of only showing empty rows.
        kwargs.setdefault("validate_min", bool(self.min_num))
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.autocomplete_fields:
            queryset = queryset.select_related(*self.autocomplete_fields)
        return queryset


class DomainAdmin(SimpleHistoryAdmin):
    """Admin base: history with the acting user, accent-insensitive name search.

    The history page ("Verlauf") lists the record's changes and those of the records named in
    ``history_related`` (reverse relations: "participations"), readably (core.history).
    """

    save_on_top = True
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) on every page buys nothing on big tables
    object_history_template = "admin/crm_object_history.html"
    history_related: tuple[str, ...] = ()

    def history_view_title(self, request, obj):
        return _("Verlauf: %(name)s") % {"name": obj}

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        pass  # core.history lists the changes

    def render_history_view(self, request, template, context, **kwargs):
        if template != self.object_history_template:  # the page of one version
            return super().render_history_view(request, template, context, **kwargs)
        entries = history_entries(
            context["object"], self.history_related, admin_site=self.admin_site.name
        )
        paginator = Paginator(entries, self.history_list_per_page)
        page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
        context.update(
            page_obj=page_obj,
            page_range=paginator.get_elided_page_range(page_obj.number),
            pagination_required=paginator.num_pages > 1,
        )
        return super().render_history_view(request, template, context, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        has_names = any(f.name == "search_text" for f in self.model._meta.get_fields())
        if not has_names or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        terms = fold(search_term).split()
        for term in terms:
            queryset = queryset.filter(search_text__contains=term)
        return queryset, False

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class PreloadedForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                preload_autocomplete_labels(self)

            def _post_clean(self):
                super()._post_clean()  # the validators saw the name the file came with
                if not self.errors:
                    randomise_upload_names(self)

        return PreloadedForm


def country_column(field: str, description):
    """A changelist column with the name of the country in CountryField ``field``.

    The plain field renders through ``CountryField.flatchoices``, which rebuilds ~250 lazy
    choices for every row (more than half of a changelist's time); this reads the name from the
    per-language cache (core.labels).
    """

    @admin.display(description=description, ordering=field)
    def column(obj):
        return country_name(getattr(obj, field))

    column.__name__ = f"{field}_name"
    return column


# --- changelist filter values a database column cannot hold ---------------------------------

MAX_INT = 2**63 - 1
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


def out_of_range(value: str) -> bool:
    """Whether ``value`` (or one item of a comma list, as ``__in`` takes) is an integer
    beyond 64 bits. Text is never converted: 5,000 digits are refused by their length."""
    for part in value.split(","):
        if _INTEGER.fullmatch(part):
            digits = part.strip().lstrip("+-").lstrip("0")
            if len(digits) > 19 or (digits and int(digits) > MAX_INT):
                return True
    return False


def bad_request(request, model_admin, message, parameters=()) -> TemplateResponse:
    """A 400 admin page with a German ``message`` (and the names of the parameters at fault)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Ungültige Anfrage"),
        "opts": model_admin.model._meta,
        "message": message,
        "parameters": list(parameters),
    }
    return TemplateResponse(request, "admin/bad_request.html", context, status=400)


class CheckedChangeList(ChangeList):
    """A ChangeList whose query is compiled while its filters are read, so a value the SQL
    compiler cannot take (``updated_at__year=0``: no such ``datetime``) is an incorrect lookup,
    which the admin answers as it does ``?id=abc`` (its "?e=1" page), not a 500 later when
    the rows are fetched.

    Text columns sort in German order (core.collation), the default order and a clicked
    column alike."""

    def get_ordering(self, request, queryset):
        return german_ordering(self.model, super().get_ordering(request, queryset))

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            queryset.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:
            pass  # nothing can match: a valid, empty list
        except (ValueError, TypeError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
        return queryset


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


_BOUND_LOOKUPS = {"exact", "in", "gt", "gte", "lt", "lte", "range"}


def _compares_ip_address(model, parameter: str) -> bool:
    """Whether a filter parameter compares an IP address column with its value (PostgreSQL
    refuses anything but an address there)."""
    names, field, lookup = parameter.split("__"), None, "exact"
    for index, name in enumerate(names):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        rest = names[index + 1 :]
        if field.is_relation and field.related_model is not None and rest:
            model = field.related_model
            continue
        lookup = "__".join(rest) or "exact"
        break
    return isinstance(field, GenericIPAddressField) and lookup in _BOUND_LOOKUPS


def _is_ip_field(model, search_field: str) -> bool:
    try:
        field = model._meta.get_field(search_field.lstrip("^=@"))
    except FieldDoesNotExist:
        return False
    return isinstance(field, GenericIPAddressField)


class CheckedChangelistMixin:
    """A changelist safe against filter values:

    * an integer beyond 64 bits in a filter, date-hierarchy or sort parameter gets 400 and a
      German page instead of reaching the database (SQLite cannot bind it: OverflowError, a
      500; nor can Python's ``datetime`` take such a year). The search box (``q``) is free
      text and stays untouched; users without the view permission still get their 403 first.
    * the changelist is a ``CheckedChangeList`` (see there);
    * IP address columns are searched only for IP addresses (see ``get_search_fields``).
    """

    def changelist_view(self, request, extra_context=None):
        if self.has_view_or_change_permission(request):
            bad = sorted(
                key
                for key, values in request.GET.lists()
                if key != SEARCH_VAR and any(out_of_range(v) for v in values)
            )
            if bad:
                message = _("Dieser Filter passt nicht: eine Zahl ist zu groß (höchstens %(max)s).")
                largest = f"{MAX_INT:_}".replace("_", ".")
                return bad_request(request, self, message % {"max": largest}, bad)
            not_ip = sorted(
                key
                for key, values in request.GET.lists()
                if _compares_ip_address(self.model, key)
                and not all(_is_ip_address(part) for v in values for part in v.split(",") if part)
            )
            if not_ip:
                message = _("Dieser Filter passt nicht: das ist keine IP-Adresse.")
                return bad_request(request, self, message, not_ip)
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_search_fields(self, request):
        """IP address columns only for a search that is made of IP addresses: PostgreSQL
        cannot compare an ``inet`` column with other text (django-axes' admins search them)."""
        fields = super().get_search_fields(request)
        terms = request.GET.get(SEARCH_VAR, "").split()
        if all(_is_ip_address(term) for term in terms):
            return fields
        return [name for name in fields if not _is_ip_field(self.model, name)]


class CrmAdminSite(admin.AdminSite):
    """The admin site (``core.apps.CrmAdminConfig``): every admin registered on it, ours and
    those of django.contrib.auth and django-axes alike, gets the checked changelist."""

    site_header = site_title = "Partnerschafts-CRM"
    index_title = "Verwaltung"
    # The sidebar rebuilds the whole app list (and its permission checks) on every admin page;
    # the header's breadcrumbs and the index page lead to every model just as well.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedChangelistMixin):
            admin_class = type(admin_class.__name__, (CheckedChangelistMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
