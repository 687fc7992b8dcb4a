"""The record of each GDPR erasure: who, when, on what legal ground, and what was removed.

It deliberately holds nothing of the erased data: no name, no contact detail, only counts
and field names, so keeping the record does not undo the erasure.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Person


class ErasureRecord(models.Model):
    class Reason(models.TextChoices):
        REQUEST = "request", _("Antrag der betroffenen Person (Art. 17 Abs. 1 DSGVO)")
        CONSENT_WITHDRAWN = "consent", _("Einwilligung widerrufen (Art. 17 Abs. 1 lit. b DSGVO)")
        OBJECTION = "objection", _("Widerspruch (Art. 21 DSGVO)")
        RETENTION = "retention", _("Speicherfrist abgelaufen (Art. 5 Abs. 1 lit. e DSGVO)")
        UNLAWFUL = "unlawful", _("unrechtmäßig verarbeitet (Art. 17 Abs. 1 lit. d DSGVO)")

    person = models.ForeignKey(
        Person,
        verbose_name=_("Person (anonymisiert)"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="erasure_records",
    )
    person_number = models.PositiveBigIntegerField(
        _("Personennummer"), help_text=_("Die Nummer des Eintrags, auch wenn er später fehlt.")
    )
    erased_at = models.DateTimeField(_("gelöscht am"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gelöscht von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    erased_by_username = models.CharField(_("Benutzername"), max_length=150)
    legal_reason = models.CharField(_("Rechtsgrund"), max_length=12, choices=Reason.choices)
    note = models.TextField(
        _("Vermerk"),
        blank=True,
        help_text=_("Aktenzeichen o. Ä. – keine Namen oder Kontaktdaten der Person."),
    )
    removed = models.JSONField(
        _("entfernt"), default=dict, help_text=_("Was entfernt wurde, nur als Anzahl.")
    )

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("DSGVO-Löschung")
        verbose_name_plural = _("DSGVO-Löschungen")
        indexes = [
            # The person's export lists their erasure records.
            models.Index(fields=["person_number"], name="erasure_person_number_idx"),
        ]

    def __str__(self):
        return _("Löschung von Person Nr. %(number)s am %(date)s") % {
            "number": self.person_number,
            "date": f"{self.erased_at:%d.%m.%Y}" if self.erased_at else "–",
        }
