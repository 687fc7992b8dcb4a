from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.admin import DomainAdmin
from followups.models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(DomainAdmin):
    list_display = ["subject", "due_on", "owner", "status"]
    list_filter = ["status", "owner"]
    search_fields = ["subject", "notes"]
    date_hierarchy = "due_on"
    list_select_related = ["owner"]
    autocomplete_fields = ["organisations", "people", "agreements", "events", "delegations"]
    fieldsets = [
        (None, {"fields": ["subject", ("due_on", "owner", "status"), "notes"]}),
        (
            _("Betrifft"),
            {"fields": ["organisations", "people", "agreements", "events", "delegations"]},
        ),
    ]

    def get_changeform_initial_data(self, request):
        """Whoever creates a follow-up owns it unless they choose someone else; the records it
        concerns come from the address (``?people=3``, from a record's page)."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("owner", request.user.pk)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            users = get_user_model().objects.filter(is_active=True)
            kwargs["queryset"] = users.order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
