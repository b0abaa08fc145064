"""Checks on uploaded documents: size, extension and the file's own signature."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What the first bytes of each allowed kind of file look like.
SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
}


def validate_document(upload: Any) -> None:
    """Accept a PDF or an image up to 10 MB whose content matches its name."""
    name = (upload.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in SIGNATURES:
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."))
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not a %(kind)s.") % {"kind": extension[1:].upper()}
        )
