"""Events and who took part in them. Uses people and partnerships.

Encounters ("who met whom") are derived from participations; see events/encounters.py.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.approxdate import (
    ApproxDateAttribute,
    approx_date_constraints,
    approx_date_fields,
    ordered_dates_constraint,
)
from partnerships.models import Agreement, Delegation, HeadCount
from people.models import (
    Involvement,
    Organisation,
    SearchableName,
    Source,
    Topic,
    by_role,
    involvement_constraints,
    role_field,
)


class EventQuerySet(models.QuerySet):
    def with_hosts(self):
        """Each event's ``hosts`` (its participations in the host role), as a list."""
        return self.prefetch_related(
            *by_role("participations", Participation, hosts=Participation.Role.HOST)
        )


class Event(SearchableName, HeadCount):
    """Found by title, venue and city (``search_text``) and by its description (full text)."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Netzwerkveranstaltung")
        CONFERENCE = "conference", _("Konferenz/Messe")
        VISIT = "visit", _("Unternehmens- oder Standortbesuch")
        SIGNING = "signing", _("Unterzeichnung")
        WORKSHOP = "workshop", _("Workshop")
        PRESENTATION = "presentation", _("Präsentation")
        ROUND_TABLE = "roundtable", _("Stammtisch/Runder Tisch")
        KICK_OFF = "kickoff", _("Auftaktveranstaltung")
        MEETING = "meeting", _("Sitzung/Gespräch")
        EXCHANGE = "exchange", _("Austausch/Praktikum")
        OTHER = "other", _("Sonstige")

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        HELD = "held", _("stattgefunden")
        CANCELLED = "cancelled", _("abgesagt")

    title = models.CharField(_("Titel"), max_length=250)
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices, default=Kind.MEETING)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    start, start_precision, start_approx = approx_date_fields(_("von"))
    end, end_precision, end_approx = approx_date_fields(_("bis"))
    venue = models.ForeignKey(
        Organisation,
        verbose_name=_("Veranstaltungsort (Organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venue_events",
    )
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    country = CountryField(_("Land"), blank=True)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("gehört zur Delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    agreements = models.ManyToManyField(
        Agreement,
        verbose_name=_("hier unterzeichnete Vereinbarungen"),
        blank=True,
        related_name="signing_events",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="events"
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="events"
    )
    # A meeting or visit from the contact log, kept in step with its note (events.meetings).
    contact_note = models.OneToOneField(
        "contacts.ContactNote",
        verbose_name=_("aus der Gesprächsnotiz"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="meeting_event",
    )

    start_date = ApproxDateAttribute("start")
    end_date = ApproxDateAttribute("end")

    # The history keeps the sources too, so the admin's "Verlauf" shows them changing.
    _history_m2m_fields = ["sources"]

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        constraints = [
            *approx_date_constraints("event", "start"),
            *approx_date_constraints("event", "end"),
            ordered_dates_constraint("event", "start", "end"),
        ]
        indexes = [
            # Event list and timelines sort by start date.
            models.Index(fields=["start", "id"], name="event_start_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", args=[self.pk])

    full_text_fields = ("description",)

    def all_names(self):
        return [self.title, self.venue_name, self.city]

    @property
    def place(self) -> str:
        parts = [self.venue_name or (self.venue.name if self.venue_id else ""), self.city]
        return ", ".join(p for p in parts if p)


class Participation(Involvement):
    """A person and/or an organisation taking part in an event, in a role (hosts included)."""

    occasion_field = "event"

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = role_field(
        Involvement.Role.HOST,
        Involvement.Role.SPEAKER,
        Involvement.Role.GUEST,
        Involvement.Role.SIGNATORY,
        Involvement.Role.DELEGATION_MEMBER,
        Involvement.Role.ORGANISER,
        default=Involvement.Role.GUEST,
    )

    class Meta:
        ordering = ["event", "role", "pk"]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = involvement_constraints("participation", "event")
        indexes = [
            # Encounters self-join participations on event; these serve "events of a person/org".
            models.Index(fields=["person", "event"], name="participation_person_idx"),
            models.Index(fields=["organisation", "event"], name="participation_org_idx"),
        ]

    def __str__(self):
        return f"{super().__str__()} ({self.event})"
