"""Template filters for monitoring: lists of reporting periods, and track statuses in words.

One period by name is `thai`'s `period` filter."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from moralprovince.core.templatetags.humanize_baht import figure
from moralprovince.core.templatetags.thai import bedate
from moralprovince.lib.fiscal import period_name
from moralprovince.monitoring.queries import NO_TARGET, NOT_REPORTED

register = template.Library()


@register.filter
def periods(codes: list[str]) -> str:
    """ไตรมาส 3, ไตรมาส 4 for ["Q3", "Q4"]."""
    return ", ".join(period_name(c) for c in codes)


@register.filter
def track(status: str | None) -> str:
    """The words for a cell's status: on track, behind, ahead, not reported, or not yet due."""
    words = {
        "on": _("on track"),
        "under": _("behind"),
        "over": _("ahead"),
        NOT_REPORTED: _("not reported"),
        NO_TARGET: _("no target"),
    }
    return str(words.get(status or "", _("not yet due")))


@register.filter
def record_cell(value: object) -> str:
    """A cell of a records table: a date in the Buddhist Era, a number with separators."""
    if isinstance(value, dt.date):
        return bedate(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return figure(value)
    return "" if value is None else str(value)


@register.filter
def measure(value: Decimal | int | float | None) -> str:
    """A target or an actual as people write it: 90.30 → 90.3, 90.00 → 90, 1250.5 → 1,250.5,
    so that a value and its target look alike; None → —."""
    if value in (None, ""):
        return "—"
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return f"{number:,f}"
