from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import DomainAdmin, country_column
from events.models import Event, Participation
from people.involvement_admin import InvolvementInline


class ParticipationInline(InvolvementInline):
    model = Participation
    occasion_date = "start"
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "role", "role_title"]


@admin.register(Event)
class EventAdmin(DomainAdmin):
    list_display = [
        "title", "kind", "status", "start", "city", country_column("country", _("Land")),
        "delegation",
    ]  # fmt: skip
    list_filter = ["kind", "status", "country", "topics"]
    list_select_related = ["delegation"]
    search_fields = ["title", "description", "city", "venue_name"]
    autocomplete_fields = ["venue", "delegation", "agreements", "topics", "sources"]
    date_hierarchy = "start"
    inlines = [ParticipationInline]
    history_related = ("participations",)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        if request.method == "GET" and event is not None and event.contact_note_id:
            url = reverse("admin:contacts_contactnote_change", args=[event.contact_note_id])
            messages.warning(request, format_html(
                "{} <a href=\"{}\">{}</a>",
                _("Diese Veranstaltung folgt einer Gesprächsnotiz: Tag, Betreff und "
                  "Teilnehmende dort ändern, sonst überschreibt die nächste Änderung der "
                  "Notiz sie."),
                url, _("Zur Gesprächsnotiz"),
            ))  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    fieldsets = [
        (None, {"fields": ["title", "kind", "status", "delegation"]}),
        (
            _("Wann"),
            {
                "fields": [
                    ("start", "start_precision", "start_approx"),
                    ("end", "end_precision", "end_approx"),
                ]
            },
        ),
        (_("Wo"), {"fields": ["venue", "venue_name", ("city", "country")]}),
        (
            _("Wer und was"),
            {
                "fields": [
                    ("head_count", "head_count_approx", "head_count_label"),
                    "agreements",
                    "topics",
                    "description",
                    "sources",
                ]
            },
        ),
    ]


@admin.register(Participation)
class ParticipationAdmin(DomainAdmin):
    list_display = ["event", "person", "organisation", "role", "role_title"]
    # Newest first, straight from the primary key. The model's order (by event, i.e. the
    # event's date and title) made the database sort ~50,000 rows for one page at L.
    ordering = ["-pk"]
    list_select_related = ["event", "person", "organisation"]
    list_filter = ["role"]
    search_fields = ["event__title", "person__search_text", "organisation__search_text"]
    autocomplete_fields = ["event", "person", "organisation"]
