"""Template filters for Buddhist-Era dates and fiscal years in the page's language."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from moralprovince.lib import thaidate
from moralprovince.lib.fiscal import fiscal_year_of, period_name

register = template.Library()


def _lang() -> str:
    return "en" if get_language() == "en" else "th"


@register.filter
def bedate(value: dt.date | None, style: str = "") -> str:
    """13 พฤศจิกายน 2563 (or 13 พ.ย. 2563 with "short")."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return thaidate.format_date(value, _lang(), short=style == "short")


@register.filter
def bedatetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return thaidate.format_datetime(local, _lang())


@register.filter
def month_short(value: dt.date) -> str:
    """ต.ค. (or Oct) for the month of a date."""
    if _lang() == "th":
        return thaidate.THAI_MONTHS_SHORT[value.month - 1]
    return thaidate.ENGLISH_MONTHS[value.month - 1][:3]


@register.filter
def fiscalyear(value: dt.date | int | None) -> str:
    """ปีงบประมาณ 2564 for a date or a fiscal-year number."""
    if value in (None, ""):
        return ""
    year = value if isinstance(value, int) else fiscal_year_of(value)  # type: ignore[arg-type]
    return thaidate.format_fiscal_year(year, _lang())


@register.filter
def period(code: str) -> str:
    """ไตรมาส 1 for Q1, ครึ่งปีแรก for H1, ทั้งปี for Y: a reporting period in words."""
    return period_name(code)
