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


def _too_many_pixels(width=None, height=None) -> ValidationError:
    limit = settings.MAX_IMAGE_MEGAPIXELS
    if width is None:  # Pillow refused the header itself (far beyond the limit)
        return ValidationError(
            _("Das Bild hat weit mehr als %(limit)s Megapixel; erlaubt sind höchstens "
              "%(limit)s Megapixel. Bitte verkleinern und erneut hochladen."),
            params={"limit": limit},
            code="too_many_pixels",
        )  # fmt: skip
    return ValidationError(
        _("Das Bild hat %(width)s × %(height)s Pixel (%(megapixels)s Megapixel); erlaubt sind "
          "höchstens %(limit)s Megapixel. Bitte verkleinern und erneut hochladen."),
        params={
            "width": width,
            "height": height,
            "megapixels": f"{width * height / 1_000_000:.1f}".replace(".", ","),
            "limit": limit,
        },
        code="too_many_pixels",
    )  # fmt: skip


def _image_format(upload) -> str | None:
    """The image's format, or None if it is none; ValidationError for too many pixels.

    ``Image.open`` reads only the header (format and size), so the pixel count is checked
    before anything is decoded; ``verify`` then reads the file through without decoding it.
    """
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > settings.MAX_IMAGE_MEGAPIXELS * 1_000_000:
                raise _too_many_pixels(width, height)
            image.verify()
            return image.format
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
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
