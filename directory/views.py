"""The duplicates page and the merge page (editors only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.roles import is_editor
from directory.merge import MERGE_FIELDS, MergeError, merge
from people.matching import organisation_pairs, person_pairs
from people.models import Organisation, Person

KINDS = {"person": Person, "organisation": Organisation}


class EditorRequiredMixin(UserPassesTestMixin):
    raise_exception = True

    def test_func(self):
        return is_editor(self.request.user)


class DuplicatesView(EditorRequiredMixin, TemplateView):
    """The likeliest pairs of each kind; merging one brings the next ones up."""

    template_name = "directory/duplicates.html"
    SHOWN = 50

    def get_context_data(self, **kwargs):
        sections = [
            (_("Personen"), person_pairs(limit=self.SHOWN), "person"),
            (_("Organisationen"), organisation_pairs(limit=self.SHOWN), "organisation"),
        ]
        return super().get_context_data(sections=sections, shown=self.SHOWN, **kwargs)


def _relation_counts(model, pks: list[int]) -> dict[int, list[tuple[str, int]]]:
    """Per record: (relation label, rows) of each relation that holds any, one query each."""
    counts = {pk: [] for pk in pks}
    for relation in model._meta.related_objects:
        if relation.related_model._meta.app_label == "activity":
            continue
        label = str(relation.related_model._meta.verbose_name_plural)
        if relation.many_to_many:
            column = relation.field.m2m_reverse_field_name()
            rows = relation.through.objects.filter(**{f"{column}__in": pks}).values(column)
        else:
            column = relation.field.name
            rows = relation.related_model._default_manager.filter(**{f"{column}__in": pks})
            rows = rows.values(column)
        for pk, n in rows.annotate(n=Count("*")).order_by().values_list(column, "n"):
            counts[pk].append((label, n))
    return counts


class MergeView(EditorRequiredMixin, TemplateView):
    """Two records side by side; a choice per field of the value that survives; the record
    whose number survives is the first (swap to keep the other)."""

    template_name = "directory/merge.html"

    def _load(self) -> None:
        """The two records (after the role check: no probing of numbers without it)."""
        kwargs = self.kwargs
        self.model = KINDS.get(kwargs["kind"])
        if self.model is None or kwargs["first_pk"] == kwargs["second_pk"]:
            raise Http404
        records = self.model.objects.in_bulk([kwargs["first_pk"], kwargs["second_pk"]])
        if len(records) != 2:
            raise Http404
        self.first, self.second = records[kwargs["first_pk"]], records[kwargs["second_pk"]]

    def get(self, request, *args, **kwargs):
        self._load()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        counts = _relation_counts(self.model, [self.first.pk, self.second.pk])
        rows = []
        for name in MERGE_FIELDS[self.model]:
            field = self.model._meta.get_field(name)
            first, second = (self._shown(r, field) for r in (self.first, self.second))
            rows.append(
                {"name": name, "label": field.verbose_name, "first": first, "second": second,
                 "differ": first != second, "take_second": not first and bool(second)}
            )  # fmt: skip
        return super().get_context_data(
            first=self.first, second=self.second, rows=rows,
            first_counts=counts[self.first.pk], second_counts=counts[self.second.pk],
            **kwargs,
        )  # fmt: skip

    @staticmethod
    def _shown(record, field) -> str:
        if field.choices:
            return str(getattr(record, f"get_{field.name}_display")())
        value = getattr(record, field.name)
        return "" if value in (None, "") else str(value)

    def post(self, request, *args, **kwargs):
        self._load()
        picked = {"first": "survivor", "second": "other"}
        choices = {
            name: picked[request.POST[name]]
            for name in MERGE_FIELDS[self.model]
            if request.POST.get(name) in picked
        }
        try:
            result = merge(self.first, self.second, choices, request.user)
        except (MergeError, ValidationError) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, _("Nicht zusammengeführt: %(why)s") % {"why": text})
            return self.render_to_response(self.get_context_data(**kwargs))
        messages.success(
            request,
            _("„%(merged)s“ ist jetzt Teil von „%(survivor)s“; der Name bleibt als weiterer Name.")
            % {"merged": result.merged_name, "survivor": result.survivor},
        )
        return redirect(result.survivor.get_absolute_url())
