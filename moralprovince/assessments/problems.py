"""A problem found in an uploaded workbook, named by sheet, row and column.

Both workbook imports of assessments (criteria, and results collected on paper) check every
cell first and list every problem; nothing is stored while any is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from moralprovince.lib.thaidate import arabic_digits

YES = {"yes", "y", "true", "1", "ใช่", "มี", "x", "✓"}
NO = {"no", "n", "false", "0", "ไม่", "ไม่ใช่", "ไม่มี", ""}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row:
            where += f" {_('row')} {self.row}"
        if self.column:
            where += f" {_('column')} {self.column}"
        return f"{where}: {self.message}"


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def whole_number(value: Any) -> int:
    """A whole number from a number cell or text (Thai digits allowed); ValueError if not."""
    if isinstance(value, bool):
        raise ValueError(_("Write a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    cleaned = arabic_digits(text(value)).replace(",", "")
    if not cleaned.isdigit():
        raise ValueError(_("Write a whole number."))
    return int(cleaned)


def percent(value: Any) -> Decimal:
    """A percent from 0 to 100 (a % sign and Thai digits allowed); ValueError if not."""
    cleaned = arabic_digits(text(value)).replace("%", "").replace(",", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("Write a percent from 0 to 100.")) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValueError(_("Write a percent from 0 to 100."))
    return number.quantize(Decimal("0.01"))


def yes_no(value: Any) -> bool:
    word = text(value).casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(_("Write yes or no."))
