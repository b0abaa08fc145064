"""Evidence files: checked for size and type, photos shrunk before they are stored."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from moralprovince.lib.uploads import open_image, validate_document

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
        with open_image(upload) as image:
            image.load()
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not an image that can be opened.")) from None
    picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True)
    name = Path(upload.name).stem[:80] + ".jpg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
