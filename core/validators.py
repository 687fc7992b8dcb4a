"""Uploads are checked by their content, not by their name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# Document scans: PDF, or a photo/scan as an image.
DOCUMENT_SIGNATURES = {b"%PDF-": "PDF"}


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


def validate_image_upload(upload) -> None:
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_BYTES)
    if _image_format(upload) not in IMAGE_FORMATS:
        raise ValidationError(
            _("Bitte ein Bild im Format PNG, JPEG, GIF oder WebP hochladen."), code="not_an_image"
        )


def validate_document_upload(upload) -> None:
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES):
        return
    if _image_format(upload) in IMAGE_FORMATS:
        return
    raise ValidationError(
        _("Bitte ein PDF-Dokument oder einen Scan als Bild (PNG, JPEG) hochladen."),
        code="not_a_document",
    )
