"""Uploads are checked by their content, not by their name.

The name must still agree with the content: media files are served with a type guessed from
the extension, so a valid PDF or PNG named ``.html`` would otherwise reach a browser as HTML.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# Document scans: PDF, or a photo/scan as an image.
DOCUMENT_SIGNATURES = {b"%PDF-": "PDF"}
EXTENSIONS = {
    "PNG": {".png"},
    "JPEG": {".jpg", ".jpeg"},
    "GIF": {".gif"},
    "WEBP": {".webp"},
    "PDF": {".pdf"},
}


def _check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def _image_format(upload) -> str | None:
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            return image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(position)


def _check_extension(upload, file_format: str) -> None:
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in EXTENSIONS[file_format]:
        raise ValidationError(
            _("Der Dateiname endet auf „%(extension)s“, der Inhalt ist aber %(format)s."),
            params={"extension": extension or "–", "format": file_format},
            code="extension_mismatch",
        )


def _already_stored(upload) -> bool:
    """A file saved earlier was checked when it came in; re-saving the record skips it."""
    return getattr(upload, "_committed", False) is True


def validate_image_upload(upload) -> None:
    if _already_stored(upload):
        return
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_BYTES)
    file_format = _image_format(upload)
    if file_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Bitte ein Bild im Format PNG, JPEG, GIF oder WebP hochladen."), code="not_an_image"
        )
    _check_extension(upload, file_format)


def validate_document_upload(upload) -> None:
    if _already_stored(upload):
        return
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, file_format in DOCUMENT_SIGNATURES.items():
        if head.startswith(signature):
            _check_extension(upload, file_format)
            return
    file_format = _image_format(upload)
    if file_format in IMAGE_FORMATS:
        _check_extension(upload, file_format)
        return
    raise ValidationError(
        _("Bitte ein PDF-Dokument oder einen Scan als Bild (PNG, JPEG) hochladen."),
        code="not_a_document",
    )
