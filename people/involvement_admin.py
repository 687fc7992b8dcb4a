"""Participant rows in the admin (event participants, delegation members, agreement
signatories): picking a person fills in their organisation and role title then, from the
function they held on the occasion's date (people.affiliations).

Two ways, so that it works with and without JavaScript: static/js/involvement-prefill.js asks
``affiliation_at_view`` as soon as a person is chosen and fills the fields that are still
empty; and the row's ``clean()`` fills whatever is still empty when the form is saved. Neither
ever overwrites what the editor typed.
"""

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.admin import DomainInline
from core.roles import is_editor
from people.affiliations import affiliation_at

PREFILL_SCRIPT = "js/involvement-prefill.js"


class InvolvementForm(forms.ModelForm):
    """An involvement row; ``occasion_date`` names the occasion's date field ("start")."""

    occasion_date = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields.get("person")
        if person is not None:
            widget = getattr(person.widget, "widget", person.widget)
            widget.attrs["data-affiliation-url"] = reverse("admin:people_affiliation_at")
            widget.attrs["data-occasion-date"] = f"id_{self.occasion_date}"

    def occasion_day(self):
        try:
            occasion = self.instance.occasion
        except ObjectDoesNotExist:
            return None
        return getattr(occasion, self.occasion_date, None) if occasion is not None else None

    def prefill_organisation(self, cleaned: dict, affiliation) -> None:
        cleaned["organisation"] = affiliation.organisation

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        fields = ("organisation", "role_title")
        empty = [name for name in fields if name in self.fields and not cleaned.get(name)]
        if person is None or not empty:
            return cleaned
        affiliation = affiliation_at(person, self.occasion_day())
        if affiliation is None:
            return cleaned
        if "organisation" in empty:
            self.prefill_organisation(cleaned, affiliation)
        if "role_title" in empty:
            cleaned["role_title"] = affiliation.role_title
        return cleaned


class InvolvementInline(DomainInline):
    """The inline of an occasion's involvements, with the prefill."""

    form = InvolvementForm
    occasion_date = ""

    class Media:
        js = ["admin/js/jquery.init.js", PREFILL_SCRIPT]

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (form,), {"occasion_date": self.occasion_date})
        return super().get_formset(request, obj, **kwargs)


@require_GET
def affiliation_at_view(request):
    """``?person=<pk>&date=<date>`` → the role then, as JSON (all null when there is none).
    For editors, the only ones who fill in participants."""
    if not is_editor(request.user):
        return JsonResponse({"error": _("Nur für die Redaktion.")}, status=403)
    try:
        person = int(request.GET.get("person", ""))
    except ValueError:
        return JsonResponse({"error": _("Bitte eine Person angeben.")}, status=400)
    try:
        day = forms.DateField(required=False).clean(request.GET.get("date", "").strip())
    except ValidationError:
        return JsonResponse({"error": _("Das Datum ist ungültig.")}, status=400)
    affiliation = affiliation_at(person, day)
    if affiliation is None:
        return JsonResponse({"organisation_id": None, "organisation_label": "", "role_title": ""})
    return JsonResponse(
        {
            "organisation_id": affiliation.organisation_id,
            "organisation_label": str(affiliation.organisation),
            "role_title": affiliation.role_title,
        }
    )
