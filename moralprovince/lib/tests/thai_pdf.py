"""Checks that the text of a PDF reads as the Thai of the HTML it was made from."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader

THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")


def pdf_text(pdf: bytes) -> str:
    """The text a reader copies out of the PDF, page after page (pypdf's extraction)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def visible_text(html: str) -> str:
    """The text of the document's body, one piece per text node; no head, styles or scripts."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join(parser.pieces)


def thai_text_problems(pdf: bytes, html: str) -> list[str]:
    """What of the HTML's Thai the PDF's text does not read exactly; empty when it does.

    Each run of Thai letters in the HTML must be found whole in the PDF's text (lines joined,
    since a line may wrap between two Thai words), and the PDF must hold no more and no fewer
    Thai characters than the HTML: a wrong, lost or extra letter or mark, or a space inside a
    word, is reported.
    """
    expected = visible_text(html)
    text = pdf_text(pdf)
    joined = text.replace("\n", "")
    problems = [f"not in the PDF: {run}" for run in _unique_runs(expected) if run not in joined]
    in_html, in_pdf = _thai_count(expected), _thai_count(text)
    if in_html != in_pdf:
        problems.append(f"Thai characters in the HTML, in the PDF: {in_html}, {in_pdf}")
    return problems


def _unique_runs(text: str) -> list[str]:
    return list(dict.fromkeys(THAI_RUN.findall(text)))


def _thai_count(text: str) -> int:
    return sum(len(run) for run in THAI_RUN.findall(text))


class _TextParser(HTMLParser):
    HIDDEN = {"head", "title", "style", "script"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)
