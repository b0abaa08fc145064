"""Spreadsheets and CSV files the site writes keep every text as text.

A title such as `=HYPERLINK("http://…?d="&A1,"x")` typed into a form must reach an officer's
Excel as those characters, never as a live formula (formula injection, CWE-1236).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

# What a spreadsheet program reads as the start of a formula in a CSV cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, with no cell stored as a formula.

    openpyxl stores a text starting with "=" as a formula; the site writes no formulas, so
    every such cell is stored as the text it is, and reads back unchanged on import.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(value: Any) -> Any:
    """A CSV cell that no spreadsheet program runs: a text that would start a formula is
    written after an apostrophe, as OWASP advises; other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
