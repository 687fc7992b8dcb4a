"""The contact log (Gesprächsnotizen): a dated note of a call, an e-mail, a meeting or a visit,
with who took part on our side (staff: users) and on the partner's side (people and/or
organisations, in the one involvement shape, people.models.Involvement). Uses people only.

How notes count (contact, who met whom) is defined with the other involvements in
events/involvement.py; docs/involvement.md states it for users.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.approxdate import ApproxDate, Precision
from core.models import DomainModel
from core.uploads import RandomFileName
from core.validators import validate_document_upload
from people.models import Involvement, involvement_constraints, role_field


class ContactNoteQuerySet(models.QuerySet):
    def meetings(self):
        """Notes of a meeting in person: a meeting or a visit (not a call or an e-mail)."""
        return self.filter(kind__in=ContactNote.MEETING_KINDS)

    def with_participants(self):
        """Each note's ``partner_side`` (its participants, people and organisations loaded)."""
        return self.prefetch_related(
            models.Prefetch(
                "participants",
                queryset=NoteParticipant.objects.select_related("person", "organisation"),
                to_attr="partner_side",
            )
        )


class ContactNote(DomainModel):
    """A call, an e-mail, a meeting or a visit with a partner, on one day."""

    class Kind(models.TextChoices):
        CALL = "call", _("Telefonat")
        EMAIL = "email", _("E-Mail")
        MEETING = "meeting", _("Treffen")
        VISIT = "visit", _("Besuch")

    # Kinds in which the people present met (events.involvement: "met").
    MEETING_KINDS = (Kind.MEETING, Kind.VISIT)

    date = models.DateField(_("Datum"))
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    subject = models.CharField(_("Betreff"), max_length=250)
    text = models.TextField(_("Notiz"), blank=True)
    attachment = models.FileField(
        _("Anhang"),
        upload_to=RandomFileName("notes"),
        blank=True,
        validators=[validate_document_upload],
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unsere Teilnehmenden"),
        blank=True,
        related_name="contact_notes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,  # the note stays when a colleague's account goes
        null=True,
        blank=True,
        related_name="contact_notes_created",
    )

    objects = ContactNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("Gesprächsnotiz")
        verbose_name_plural = _("Gesprächsnotizen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["call", "email", "meeting", "visit"]),
                name="contactnote_kind_valid",
            ),
        ]
        indexes = [
            # Contacts and timelines read notes by date.
            models.Index(fields=["date", "id"], name="contactnote_date_idx"),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}: {self.subject}"

    def get_absolute_url(self):
        # Notes are read and written in the admin (managers: read-only).
        return reverse("admin:contacts_contactnote_change", args=[self.pk])

    @property
    def title(self) -> str:
        """The name the involvement code (GDPR export, timelines) uses for every occasion."""
        return self.subject

    @property
    def day(self) -> ApproxDate:
        return ApproxDate(self.date, Precision.DAY)

    @property
    def is_meeting(self) -> bool:
        return self.kind in self.MEETING_KINDS


class NoteParticipant(Involvement):
    """A person and/or an organisation of the partner's side in a contact note."""

    occasion_field = "note"

    note = models.ForeignKey(
        ContactNote,
        verbose_name=_("Gesprächsnotiz"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    role = role_field(
        Involvement.Role.CONTACT,
        Involvement.Role.HOST,
        Involvement.Role.GUEST,
        default=Involvement.Role.CONTACT,
    )

    class Meta:
        ordering = ["note", "role", "pk"]
        verbose_name = _("Beteiligte/r der Partnerseite")
        verbose_name_plural = _("Beteiligte der Partnerseite")
        constraints = involvement_constraints("noteparticipant", "note")
        indexes = [
            # "Notes of a person/organisation": pages, filters, contacts, GDPR.
            models.Index(fields=["person", "note"], name="noteparticipant_person_idx"),
            models.Index(fields=["organisation", "note"], name="noteparticipant_org_idx"),
        ]

    def __str__(self):
        return f"{super().__str__()} ({self.note.subject})"
