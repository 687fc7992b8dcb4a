"""Follow-ups (Wiedervorlagen): what was promised to or agreed with a partner, who of us sees
to it, and by when."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import DomainModel
from events.models import Event
from partnerships.models import Agreement, Delegation
from people.models import Organisation, Person


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def of(self, user):
        return self.filter(owner=user)

    def due_by(self, day: dt.date):
        """Open and due on or before ``day`` (overdue ones included)."""
        return self.open().filter(due_on__lte=day)


class FollowUp(DomainModel):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        DONE = "done", _("erledigt")
        DROPPED = "dropped", _("verworfen")

    subject = models.CharField(_("Betreff"), max_length=200)
    due_on = models.DateField(_("fällig am"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuständig"),
        on_delete=models.PROTECT,  # a follow-up never silently loses whoever answers for it
        related_name="followups",
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    notes = models.TextField(_("Notizen"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("Organisationen"), blank=True, related_name="followups"
    )
    people = models.ManyToManyField(
        Person, verbose_name=_("Personen"), blank=True, related_name="followups"
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("Vereinbarungen"), blank=True, related_name="followups"
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("Veranstaltungen"), blank=True, related_name="followups"
    )
    delegations = models.ManyToManyField(
        Delegation, verbose_name=_("Delegationen"), blank=True, related_name="followups"
    )

    objects = FollowUpQuerySet.as_manager()

    # The relation of each record type, for links from the records' pages.
    RELATION_OF = {
        Organisation: "organisations",
        Person: "people",
        Agreement: "agreements",
        Event: "events",
        Delegation: "delegations",
    }

    class Meta:
        ordering = ["due_on", "subject", "pk"]
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="followup_owner_due_idx"),
            models.Index(fields=["status", "due_on"], name="followup_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "done", "dropped"]),
                name="followup_status_valid",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("admin:followups_followup_change", args=[self.pk])

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today
