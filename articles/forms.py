"""The two steps of the article upload: choose a file, then confirm the previewed import."""

from pathlib import Path

from django import forms
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from articles.problems import ArticleImportError
from articles.schema import MAX_FILE_BYTES, decode

_MAX_AGE_SECONDS = 60 * 60


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Artikeldatei (YAML)"),
        help_text=_("Eine Datei pro Artikel, höchstens %(limit)s.")
        % {"limit": filesizeformat(MAX_FILE_BYTES)},
    )

    def clean_file(self) -> tuple[str, str]:
        """(file name, text) of the upload, or a plain message why it cannot be an article."""
        upload = self.cleaned_data["file"]
        # The name becomes the source's key and appears in messages: printable characters only.
        name = "".join(ch for ch in Path(upload.name or "").name if ch.isprintable())
        name = name or "artikel.yaml"
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_FILE_BYTES)}
            )
        try:
            return name, decode(upload.read(MAX_FILE_BYTES + 1), file=name)
        except ArticleImportError as error:
            raise forms.ValidationError([p.message for p in error.problems]) from None


class ConfirmForm(forms.Form):
    """Carries the previewed file, signed, so that exactly what was shown gets imported."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.salt = f"articles.import.{user.pk}"

    @classmethod
    def for_upload(cls, *, user, name: str, text: str) -> "ConfirmForm":
        form = cls(user=user)
        payload = signing.dumps({"name": name, "text": text}, salt=form.salt, compress=True)
        form.initial = {"payload": payload}
        return form

    def clean_payload(self) -> tuple[str, str]:
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=self.salt, max_age=_MAX_AGE_SECONDS
            )
            return data["name"], data["text"]
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(
                _("Die Vorschau ist abgelaufen oder ungültig; bitte die Datei erneut hochladen.")
            ) from None
