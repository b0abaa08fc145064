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
