"""Evidence files: checked for size and type, photos shrunk before they are stored, and
removed from storage again when the write that stored them does not commit."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from moralprovince.lib.uploads import validate_document

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_SIDE = 1600
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
# Refuse images whose pixel count could exhaust memory when decoded.
Image.MAX_IMAGE_PIXELS = 60_000_000


def prepare_evidence(upload: Any, images_only: bool = False) -> Any:
    """Return the file to store: a shrunk JPEG for a photo, the PDF itself for a document."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    extension = Path(upload.name or "").suffix.lower()
    if extension in IMAGE_EXTENSIONS:
        return _shrink(upload)
    if images_only:
        raise ValidationError(_("Upload a photo (JPEG, PNG or WebP)."))
    validate_document(upload)
    return upload


def _shrink(upload: Any) -> SimpleUploadedFile:
    try:
        with Image.open(upload) as image:
            image.load()
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not an image that can be opened.")) from None
    picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True)
    name = Path(upload.name).stem[:80] + ".jpg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class StoredFiles:
    """The files one write has put in storage, so they can be taken out again."""

    def __init__(self) -> None:
        self.files: list[tuple[Storage, str]] = []

    def store(self, field: FieldFile, upload: File[Any]) -> None:
        """Write the upload to the field's storage now, under the name the field gives it."""
        field.save(upload.name or "", upload, save=False)
        self.files.append((field.storage, field.name or ""))

    def remove(self) -> None:
        for storage, name in self.files:
            storage.delete(name)


@contextmanager
def files_removed_on_rollback() -> Iterator[StoredFiles]:
    """A transaction whose stored files are deleted again if it does not commit.

    The database forgets the rows of a rolled-back transaction, but storage would keep their
    files for ever. Inside a longer transaction only a failure within this block is seen;
    pages and the API call the services that store files outside any.
    """
    stored = StoredFiles()
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        stored.remove()
        raise


def remove_after_commit(field: FieldFile) -> None:
    """Delete a stored file once the change that drops it is committed, never before."""
    if field.name:
        transaction.on_commit(partial(field.storage.delete, field.name))
