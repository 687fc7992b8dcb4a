"""Stored names of uploaded files that cannot be guessed from the name the file came with.

``/media/photos/thomas-kufen.jpg`` would tell anyone who can read media whose photo exists,
and a colleague's upload could be found by trying names. Uploads are stored as
``<folder>/<22 random characters><extension>``: 128 bits from ``secrets``, the extension kept
(lower-case) because the media view serves a type guessed from it and the validators have
already checked that it matches the content.

``RandomFileName`` is the ``upload_to`` of the models' file fields (deconstructible, so
migrations can name it); ``randomise_upload_names`` (``core.admin.DomainAdmin``) covers any
file field that does not use it.
"""

import re
import secrets
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.deconstruct import deconstructible

RANDOM_BYTES = 16
RANDOM_STEM = re.compile(r"^[A-Za-z0-9_-]{22}$")


def is_random_name(name: str) -> bool:
    """Whether a stored name already has a random stem (``photos/<22 characters>.png``)."""
    return bool(RANDOM_STEM.fullmatch(PurePath(name).stem))


def random_name(filename: str, folder: str = "") -> str:
    extension = PurePath(filename or "").suffix.lower()
    if not extension[1:].isalnum():
        extension = ""
    name = secrets.token_urlsafe(RANDOM_BYTES) + extension
    return f"{folder.strip('/')}/{name}" if folder.strip("/") else name


@deconstructible
class RandomFileName:
    """``upload_to=RandomFileName("photos")``: photos/<random>.<ext of the upload>."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return random_name(filename, self.folder)

    def __eq__(self, other):
        return isinstance(other, RandomFileName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def randomise_upload_names(form) -> None:
    """Give each file newly uploaded through ``form`` (a ModelForm, after validation) a random
    name; the folder still comes from the field's ``upload_to``."""
    for field in form.instance._meta.concrete_fields:
        if not isinstance(field, models.FileField) or field.name not in form.cleaned_data:
            continue
        upload = form.cleaned_data[field.name]
        if not isinstance(upload, UploadedFile):
            continue  # nothing new: no file, a cleared file (False) or the stored one
        if isinstance(field.upload_to, RandomFileName):
            continue  # the model names it already
        upload.name = random_name(upload.name)
        stored = getattr(form.instance, field.name)
        if stored and stored.file is upload:
            stored.name = upload.name  # the name the field saves under
