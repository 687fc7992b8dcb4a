"""Scaled copies of uploaded logos and photos, made once, the first time a page shows one.

A page shows the thumbnail, never the upload itself: a 40-megapixel logo (the upload limit,
core.validators) would otherwise be decoded by every visitor's browser. The thumbnail sits next
to the image (``logos/<random>.png`` → ``logos/<random>.thumb.png``), so the media view serves
it under the same roles and the erasure finds it by the image's name.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

MAX_SIDE = 480  # pixels: twice the largest size a page shows, for sharp high-density screens
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "PNG", "WEBP": "WEBP", "MPO": "JPEG"}


def thumbnail_name(name: str) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.thumb{path.suffix}"))


def make_thumbnail(name: str) -> str | None:
    """Write the thumbnail of the stored image ``name``; its name, None if it is not an image."""
    try:
        with default_storage.open(name) as stored, Image.open(stored) as image:
            file_format = FORMATS.get(image.format or "")
            if file_format is None:
                return None
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if file_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, file_format)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    target = thumbnail_name(name)
    if default_storage.exists(target):
        default_storage.delete(target)
    return default_storage.save(target, ContentFile(buffer.getvalue()))


def thumbnail_url(field_file) -> str:
    """The URL of an image field's thumbnail, made now if it is missing; the image's own URL
    if no thumbnail can be made."""
    if not field_file:
        return ""
    target = thumbnail_name(field_file.name)
    if default_storage.exists(target) or make_thumbnail(field_file.name):
        return default_storage.url(target)
    return field_file.url
