"""Derived, rebuildable activity tables: who was active when, one small row per year.

Nothing here is typed in. Every row follows from the source tables (participations, events,
delegations and their members and organisers, agreement parties) and is recomputed from them
whenever one of those changes (activity.signals, in the same transaction as the write) or all at
once by ``manage.py refresh_activity`` (activity.maintain.rebuild). Deleting every row and
rebuilding gives the same state; the tests compare exactly that.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Organisation, Person


class PersonYear(models.Model):
    """The person took part in an event whose stored start date lies in ``year``.

    ``met_someone``: in that year the person took part in a *held* event together with at least
    one other person (the dashboard's "people met", as events.encounters counts them).
    """

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="activity_years",
        db_index=False,  # the unique (person, year) index leads with the person
    )
    year = models.SmallIntegerField(_("Jahr"))
    met_someone = models.BooleanField(_("traf andere"), default=False)

    class Meta:
        verbose_name = _("Aktivitätsjahr einer Person")
        verbose_name_plural = _("Aktivitätsjahre von Personen")
        constraints = [
            # Also the index of the person list's period filter (people.filters.filter_period):
            # one range probe per person, "some year in [from, to]".
            models.UniqueConstraint(fields=["person", "year"], name="activity_person_year_unique"),
        ]
        indexes = [
            # Dashboard "people met" in a period (reports.queries.contact_counts).
            models.Index(
                fields=["year", "person"],
                name="activity_person_met_idx",
                condition=models.Q(met_someone=True),
            ),
        ]

    def __str__(self):
        return f"{self.person_id}: {self.year}"


class OrganisationYear(models.Model):
    """The organisation had a contact (reports.contacts: six sources) dated in ``year``.

    ``last_contact``: the latest stored contact date of that year.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contact_years",
        db_index=False,  # the unique (organisation, year) index leads with the organisation
    )
    year = models.SmallIntegerField(_("Jahr"))
    last_contact = models.DateField(_("letzter Kontakt im Jahr"))

    class Meta:
        verbose_name = _("Kontaktjahr einer Organisation")
        verbose_name_plural = _("Kontaktjahre von Organisationen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="activity_organisation_year_unique"
            ),
        ]
        indexes = [
            # Partners in contact in a period (reports.contacts.organisations_in_contact).
            models.Index(fields=["year", "organisation"], name="activity_org_year_idx"),
        ]

    def __str__(self):
        return f"{self.organisation_id}: {self.year}"


class OrganisationContact(models.Model):
    """The organisation's latest dated contact (one row per organisation with any contact)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contact_summary",
    )
    last_contact = models.DateField(_("letzter Kontakt"))

    class Meta:
        verbose_name = _("letzter Kontakt einer Organisation")
        verbose_name_plural = _("letzte Kontakte von Organisationen")
        indexes = [
            # Dormant partners: latest contact before a cutoff, most recent first
            # (reports.contacts.last_contacts_before).
            models.Index(fields=["last_contact"], name="activity_last_contact_idx"),
        ]

    def __str__(self):
        return f"{self.organisation_id}: {self.last_contact}"
