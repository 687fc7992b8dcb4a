from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactNote, NoteParticipant
from core.admin import DomainAdmin, DomainInline
from people.models import Organisation, Person

# The address a record's page links to: /admin/contacts/contactnote/add/?person=3
PREFILL = {"person": Person, "organisation": Organisation}


class NoteParticipantInline(DomainInline):
    model = NoteParticipant
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "role", "role_title"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0  # a new note gets one row to fill in


def prefilled_participant(request) -> dict:
    """The partner-side row a new note starts with, from ``?person=`` / ``?organisation=``;
    ids that name no record are ignored (the form starts empty)."""
    initial = {}
    for name, model in PREFILL.items():
        value = request.GET.get(name, "")
        is_id = value.isascii() and value.isdigit() and len(value) < 19
        if is_id and model.objects.filter(pk=int(value)).exists():
            initial[name] = int(value)
    return initial


@admin.register(ContactNote)
class ContactNoteAdmin(DomainAdmin):
    list_display = ["date", "kind", "subject", "created_by"]
    list_filter = ["kind", "staff"]
    search_fields = ["subject", "text"]
    date_hierarchy = "date"
    list_select_related = ["created_by"]
    inlines = [NoteParticipantInline]
    readonly_fields = ["created_by"]
    fieldsets = [
        (None, {"fields": [("date", "kind"), "subject", "text", "attachment"]}),
        (_("Unsere Seite"), {"fields": ["staff", "created_by"]}),
    ]

    def get_changeform_initial_data(self, request):
        """Whoever writes the note took part unless they say otherwise; the partner's side
        comes from the address (see ``prefilled_participant``)."""
        initial = super().get_changeform_initial_data(request)
        for name in PREFILL:
            initial.pop(name, None)  # not fields of the note itself
        initial.setdefault("staff", [request.user.pk])
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "GET" and obj.pk is None and isinstance(inline, NoteParticipantInline):
            participant = prefilled_participant(request)
            if participant:
                kwargs["initial"] = [participant]
        return kwargs

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            users = get_user_model().objects.filter(is_active=True, is_staff=True)
            kwargs["queryset"] = users.order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NoteParticipant)
class NoteParticipantAdmin(DomainAdmin):
    """Every involvement table has its own list, as participations do (history, search)."""

    list_display = ["note", "person", "organisation", "role", "role_title"]
    ordering = ["-pk"]  # newest first, straight from the primary key
    list_select_related = ["note", "person", "organisation"]
    list_filter = ["role"]
    search_fields = ["note__subject", "person__search_text", "organisation__search_text"]
    autocomplete_fields = ["note", "person", "organisation"]
