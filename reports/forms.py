"""Forms of the report pages (GET only: reports change nothing)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if isinstance(value, dt.date) else value


class DateRangeForm(forms.Form):
    date_from = forms.DateField(
        label=_("von"), widget=DateInput, input_formats=["%Y-%m-%d", "%d.%m.%Y"]
    )
    date_to = forms.DateField(
        label=_("bis"), widget=DateInput, input_formats=["%Y-%m-%d", "%d.%m.%Y"]
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Das Anfangsdatum liegt nach dem Enddatum."))
        if start and end and start.year < 1900:
            raise forms.ValidationError(_("Bitte ein Datum ab 1900 angeben."))
        return cleaned
