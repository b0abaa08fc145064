"""Dates as Thai readers expect them: Buddhist Era, Thai month names, optional Thai digits."""

from __future__ import annotations

import datetime as dt

from moralprovince.lib.fiscal import to_be

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits(text: str) -> str:
    """Write Arabic digits as Thai digits (๐–๙)."""
    return text.translate(_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Write Thai digits (๐–๙) as Arabic digits."""
    return text.translate(_ARABIC_DIGITS)


def format_date(day: dt.date, language: str = "th", short: bool = False) -> str:
    """Format a date in the Buddhist Era: 13 พฤศจิกายน 2563, or 13 November 2563 BE."""
    if isinstance(day, dt.datetime):
        day = day.date()
    year = to_be(day.year)
    if language == "th":
        months = THAI_MONTHS_SHORT if short else THAI_MONTHS
        return f"{day.day} {months[day.month - 1]} {year}"
    month = ENGLISH_MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short else month} {year} BE"


def format_datetime(moment: dt.datetime, language: str = "th") -> str:
    """Format a local date and time in the Buddhist Era: 13 พ.ย. 2563 14:05 น."""
    date_part = format_date(moment.date(), language, short=True)
    suffix = " น." if language == "th" else ""
    return f"{date_part} {moment:%H:%M}{suffix}"


def format_fiscal_year(fiscal_year: int, language: str = "th") -> str:
    """Name a fiscal year: ปีงบประมาณ 2564, or FY2564."""
    return f"ปีงบประมาณ {fiscal_year}" if language == "th" else f"FY{fiscal_year}"


_MONTHS_BY_NAME = {
    **{name: i + 1 for i, name in enumerate(THAI_MONTHS)},
    **{name: i + 1 for i, name in enumerate(THAI_MONTHS_SHORT)},
    **{name.replace(".", ""): i + 1 for i, name in enumerate(THAI_MONTHS_SHORT)},
    **{name.lower(): i + 1 for i, name in enumerate(ENGLISH_MONTHS)},
    **{name[:3].lower(): i + 1 for i, name in enumerate(ENGLISH_MONTHS)},
}
# Years above this are Buddhist Era; a CE year this large is not a date of this programme.
BE_THRESHOLD = 2400


def _year(value: int) -> int:
    return value - 543 if value > BE_THRESHOLD else value


def _month_by_name(name: str) -> int | None:
    name = name.lower()
    return _MONTHS_BY_NAME.get(name) or _MONTHS_BY_NAME.get(name.replace(".", ""))


def parse_date(text: str) -> dt.date:
    """Read a date as Thai offices write it, in the Buddhist or the Christian Era.

    Accepts 2020-11-13, 2563-11-13, 13/11/2563, 13/11/2020, 13 พ.ย. 2563, 13 พฤศจิกายน 2563
    and Thai digits in any of them. Two-digit years (13/11/63) are refused as ambiguous.
    Raises ValueError when the text is not such a date.
    """
    text = " ".join(arabic_digits(str(text)).strip().split())
    if not text:
        raise ValueError("empty")
    parts = text.replace("/", " ").replace("-", " ").split(" ")
    if len(parts) != 3:
        raise ValueError(text)
    if len(parts[0]) == 4 and parts[0].isdigit():
        year, month, day = parts
    else:
        day, month, year = parts
    month_number = int(month) if month.isdigit() else _month_by_name(month)
    if month_number is None or len(year) != 4 or not year.isdigit() or not day.isdigit():
        raise ValueError(text)
    try:
        return dt.date(_year(int(year)), month_number, int(day))
    except OverflowError:  # a day or month of more digits than any date has
        raise ValueError(text) from None


def format_numeric_date(day: dt.date) -> str:
    """13/11/2563: the short form used in spreadsheets and date inputs."""
    return f"{day.day}/{day.month}/{to_be(day.year)}"
