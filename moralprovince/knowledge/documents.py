"""Text out of attached documents, for search: PDF with pypdf, DOCX from its XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf.errors import PdfReadError

from moralprovince.lib.uploads import DOCX, check_zip, pdf_text

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_TAGS = re.compile(r"<[^>]+>")


def extract_text(upload: Any) -> str:
    """Return the document's text, or refuse a file that is not a readable PDF or DOCX."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    extension = Path(upload.name or "").suffix.lower()
    try:
        text = (
            _pdf(upload) if extension == ".pdf" else _docx(upload) if extension == ".docx" else None
        )
    except (PdfReadError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        text = None
    finally:
        upload.seek(0)
    if text is None:
        raise ValidationError(_("Upload a PDF or DOCX document that can be opened."))
    return text


def _pdf(upload: Any) -> str:
    return pdf_text(upload)


def _docx(upload: Any) -> str:
    check_zip(upload, DOCX)
    with zipfile.ZipFile(upload) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return " ".join(_TAGS.sub(" ", xml.replace("</w:p>", "\n")).split())
