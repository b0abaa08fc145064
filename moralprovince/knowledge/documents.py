"""Text out of attached documents, for search: PDF with pypdf, DOCX from its XML."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf.errors import PdfReadError

from moralprovince.lib.uploads import DOCX, check_zip, pdf_text

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# WordprocessingML: a paragraph (w:p) holds runs whose text (w:t) is cut wherever the
# formatting or the spelling check changed; tabs and breaks separate words, and so does the
# end of a paragraph.
_DOCX_PIECE = re.compile(
    r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|(</w:p>|<w:p\s*/>)|<w:(?:tab|br|cr)\b[^>]*/>"
)


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
    """One line per paragraph; the runs of a paragraph joined as they are printed."""
    check_zip(upload, DOCX)
    with zipfile.ZipFile(upload) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    pieces = []
    for match in _DOCX_PIECE.finditer(xml):
        text, paragraph_end = match.groups()
        pieces.append(text if text is not None else "\n" if paragraph_end else " ")
    lines = (" ".join(line.split()) for line in html.unescape("".join(pieces)).splitlines())
    return "\n".join(line for line in lines if line)
