"""Pieces every domain app builds on. Core owns no tables of its own."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.approxdate import clean_approx_dates


class DomainModel(models.Model):
    """Common base: change history with the acting user, created/updated stamps, date checks."""

    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        clean_approx_dates(self)
