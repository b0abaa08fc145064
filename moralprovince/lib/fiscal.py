"""Thai fiscal years and the Buddhist Era: the one place this arithmetic lives.

A Thai fiscal year runs from 1 October to 30 September and is named by the Buddhist-Era
year in which it ends: FY2564 = 1 October 2020 to 30 September 2021.
"""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10


def to_be(ce_year: int) -> int:
    """Return the Buddhist-Era year of a Christian-Era year."""
    return ce_year + BE_OFFSET


def to_ce(be_year: int) -> int:
    """Return the Christian-Era year of a Buddhist-Era year."""
    return be_year - BE_OFFSET


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
