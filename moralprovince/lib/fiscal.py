"""Thai fiscal years and the Buddhist Era: the one place this arithmetic lives.

A Thai fiscal year runs from 1 October to 30 September and is named by the Buddhist-Era
year in which it ends: FY2564 = 1 October 2020 to 30 September 2021.
"""

from __future__ import annotations

import datetime as dt

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10

# The fiscal years the system accepts, in the Buddhist Era (1956/57 to 2156/57): wide enough
# for any real programme, narrow enough that a year in Christian Era (2021), a typo (25640)
# or 0 is refused where it is typed instead of failing in date arithmetic later.
FIRST_FISCAL_YEAR = 2500
LAST_FISCAL_YEAR = 2700


def to_be(ce_year: int) -> int:
    """Return the Buddhist-Era year of a Christian-Era year."""
    return ce_year + BE_OFFSET


def to_ce(be_year: int) -> int:
    """Return the Christian-Era year of a Buddhist-Era year."""
    return be_year - BE_OFFSET


def fiscal_year_message() -> str:
    """What a fiscal year outside the accepted range is told, in the reader's language."""
    return gettext(
        "Write the fiscal year in the Buddhist Era, from %(first)s to %(last)s, for example 2564."
    ) % {"first": FIRST_FISCAL_YEAR, "last": LAST_FISCAL_YEAR}


# The same message for field validators and constraints, put in the language of each reader.
FISCAL_YEAR_MESSAGE = lazy(fiscal_year_message, str)()


def is_fiscal_year(value: object) -> bool:
    """Whether `value` is a whole number naming a fiscal year the system accepts."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and FIRST_FISCAL_YEAR <= value <= LAST_FISCAL_YEAR
    )


def fiscal_year_of(day: dt.date) -> int:
    """Return the Buddhist-Era fiscal year a date falls in."""
    ce_end_year = day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year
    return to_be(ce_end_year)


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a Buddhist-Era fiscal year."""
    ce_end_year = to_ce(fiscal_year)
    return dt.date(ce_end_year - 1, 10, 1), dt.date(ce_end_year, 9, 30)


def first_half_end(fiscal_year: int) -> dt.date:
    """Return the last day of the six-month round (October to March)."""
    return dt.date(to_ce(fiscal_year), 3, 31)


def current_fiscal_year(today: dt.date | None = None) -> int:
    """Return the fiscal year of today in Bangkok time."""
    from django.utils import timezone

    return fiscal_year_of(today or timezone.localdate())


# Reporting periods within a fiscal year: the year itself, two halves and four quarters.
# Q1 is October–December; H1 (the "six-month round") is October–March.
PERIODS = {
    "year": ["Y"],
    "half": ["H1", "H2"],
    "quarter": ["Q1", "Q2", "Q3", "Q4"],
}
_PERIOD_MONTHS = {
    "Y": (0, 12),
    "H1": (0, 6),
    "H2": (6, 12),
    "Q1": (0, 3),
    "Q2": (3, 6),
    "Q3": (6, 9),
    "Q4": (9, 12),
}


def _month_start(fiscal_year: int, offset: int) -> dt.date:
    first, _last = fiscal_year_bounds(fiscal_year)
    month = first.month - 1 + offset
    return dt.date(first.year + month // 12, month % 12 + 1, 1)


def period_bounds(fiscal_year: int, period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period (Y, H1, H2, Q1–Q4) of a fiscal year."""
    start, end = _PERIOD_MONTHS[period]
    return _month_start(fiscal_year, start), _month_start(fiscal_year, end) - dt.timedelta(days=1)


def period_of(day: dt.date, frequency: str) -> tuple[int, str]:
    """The fiscal year and the period of the given frequency that a date falls in."""
    fiscal_year = fiscal_year_of(day)
    for period in PERIODS[frequency]:
        first, last = period_bounds(fiscal_year, period)
        if first <= day <= last:
            return fiscal_year, period
    raise ValueError(day)


def fiscal_month_index(day: dt.date) -> int:
    """0 for October … 11 for September."""
    return (day.month - FISCAL_YEAR_START_MONTH) % 12


PERIOD_NAMES = {
    "Y": _("Whole year"),
    "H1": _("First half"),
    "H2": _("Second half"),
    "Q1": _("Quarter 1"),
    "Q2": _("Quarter 2"),
    "Q3": _("Quarter 3"),
    "Q4": _("Quarter 4"),
}


def period_name(code: str) -> str:
    """ไตรมาส 1 for Q1, ทั้งปี for Y; an unknown code is shown as it is."""
    name = PERIOD_NAMES.get(code)
    return str(name) if name is not None else code
