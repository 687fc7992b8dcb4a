"""GDPR pages for editors: a person's data export, the erasure, the retention list.

Managers read the directory but do not handle data-subject requests: they get 403 here,
as does anyone without a role; anonymous users are sent to the login.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.roles import is_editor
from events.involvement import involvement_counts
from people.models import Person
from privacy.forms import ErasureForm
from privacy.retention import inactive_people, retention_months
from privacy.services import ERASED_NAME, erase_person, export_person


def editor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@editor_required
def person_export(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    response = JsonResponse(
        export_person(person=person),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
@editor_required
def person_erase(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and person.erased_at is None and form.is_valid():
        try:
            result = erase_person(
                person=person,
                user=request.user,
                legal_reason=form.cleaned_data["legal_reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Die personenbezogenen Daten wurden gelöscht und die Löschung vermerkt.")
            )
            if result.mentions:
                return render(
                    request,
                    "privacy/erased.html",
                    {"person": person, "record": result.record, "mentions": result.mentions},
                )
            return redirect(reverse("admin:people_person_change", args=[person.pk]))
    context = {
        "person": person,
        "form": form,
        "erased_name": ERASED_NAME,
        "counts": {
            **involvement_counts(person),
            "affiliations": person.affiliations.count(),
        },
    }
    return render(request, "privacy/erase_confirm.html", context)


@require_GET
@editor_required
def retention_list(request):
    months = retention_months()
    paginator = Paginator(inactive_people(months=months), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/retention_list.html",
        {"page": page, "months": months, "count": paginator.count},
    )
