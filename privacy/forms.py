from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import ErasureRecord


class ErasureForm(forms.Form):
    legal_reason = forms.ChoiceField(
        label=_("Rechtsgrund"), choices=[("", "---------"), *ErasureRecord.Reason.choices]
    )
    note = forms.CharField(
        label=_("Vermerk"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=ErasureRecord._meta.get_field("note").help_text,
    )
    confirm = forms.BooleanField(
        label=_("Ich habe geprüft, dass diese Person gelöscht werden muss. Das ist endgültig."),
        required=True,
    )
