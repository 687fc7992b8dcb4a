from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.counting import table_sizes
from core.listing.access import reader_required
from core.roles import is_manager


class HomeView(TemplateView):
    """Start page: how much there is of each kind, and the ways in."""

    template_name = "core/home.html"
    # (model, list URL name, label); models by name so core imports no domain app.
    SECTIONS = (
        ("people.Organisation", "people:organisation_list", _("Organisationen")),
        ("people.Person", "people:person_list", _("Personen")),
        ("partnerships.Delegation", "partnerships:delegation_list", _("Delegationen")),
        ("partnerships.Agreement", "partnerships:agreement_list", _("Vereinbarungen")),
        ("events.Event", "events:event_list", _("Veranstaltungen")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not is_manager(self.request.user):
            return context  # a login without a role sees no data
        models = [apps.get_model(model) for model, _url, _label in self.SECTIONS]
        sizes = table_sizes(models)  # one query; big tables estimated (core.counting)
        context["sections"] = [
            {"label": label, "url": reverse(url_name), "count": sizes[model]}
            for model, (_model, url_name, label) in zip(models, self.SECTIONS, strict=True)
        ]
        return context


@reader_required
def protected_media(request, path: str):
    """Serve uploaded files (photos, logos, scans) to the roles that may read the pages.

    Uploads can hold personal data, so they never sit in a public folder. Anonymous users are
    sent to the login (LoginRequiredMiddleware); a login without a role gets 403 *before* the
    file is looked for, so it cannot tell a missing file from a forbidden one. Stored names
    are random (core.uploads), so they cannot be guessed either.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = (root / path).resolve()
    except (OSError, ValueError):
        raise Http404 from None
    if root not in target.parents or not target.is_file():
        raise Http404
    response = FileResponse(target.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{target.name}"'
    return response
