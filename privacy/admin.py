from django.contrib import admin

from core.roles import is_editor
from privacy.models import ErasureRecord


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """The erasure log: editors read it; nobody writes it except privacy.services."""

    list_display = ["erased_at", "person_number", "erased_by_username", "legal_reason"]
    list_filter = ["legal_reason"]
    date_hierarchy = "erased_at"
    fields = [
        "person_number", "person", "erased_at", "erased_by_username", "legal_reason", "note",
        "removed",
    ]  # fmt: skip
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
