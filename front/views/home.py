"""The start page: how much there is of each kind, and the ways in."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.counting import table_sizes
from core.roles import is_manager
from events.models import Event
from followups import queries as followup_queries
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person


class HomeView(TemplateView):
    """Start page: how much there is of each kind, and the ways in."""

    template_name = "core/home.html"
    SECTIONS = (  # (model, list URL name, label)
        (Organisation, "people:organisation_list", _("Organisationen")),
        (Person, "people:person_list", _("Personen")),
        (Delegation, "partnerships:delegation_list", _("Delegationen")),
        (Agreement, "partnerships:agreement_list", _("Vereinbarungen")),
        (Event, "events:event_list", _("Veranstaltungen")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not is_manager(self.request.user):
            return context  # a login without a role sees no data
        sizes = table_sizes([model for model, _url, _label in self.SECTIONS])  # one query
        context["sections"] = [
            {"label": label, "url": reverse(url_name), "count": sizes[model]}
            for model, url_name, label in self.SECTIONS
        ]
        context["my_followups"] = followup_queries.open_of(self.request.user)
        context["today"] = timezone.localdate()
        return context
