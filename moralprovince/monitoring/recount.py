"""Count the read models again from the records, and say where they differ.

Monitoring keeps totals so that no page scans raw rows: the activity reports and
participants per province, fiscal month, network and district (`ActivityMonthTotal`), each
indicator's approved actual and target per year (`IndicatorYearTotal`), and the fields a
record carries from the row it belongs to (a report's province and network, a value's
province). The services keep them in step; this module checks that they are, by counting
everything again, and `services.fix_totals` writes the recount over what differs
(`manage.py recount [--fix]`).

A total of nothing and a missing total are the same: an empty month or year is not a
difference. The counting runs in the database, by groups, and the indicators a chunk at a
time, so that it holds at national scale.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.translation import gettext_noop

from moralprovince.lib.fiscal import fiscal_month_index, fiscal_year_of
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    Indicator,
    IndicatorValue,
    IndicatorYearTotal,
    Target,
    ValueStatus,
)

MONTH = gettext_noop(
    "Province %(province)s, month %(month)s, district %(district)s, network %(network)s: the "
    "kept total says %(kept_reports)s reports and %(kept_participants)s participants, the "
    "reports themselves %(reports)s and %(participants)s."
)
YEAR = gettext_noop(
    "Indicator %(indicator)s (province %(province)s), fiscal year %(fy)s: the kept total says "
    "%(kept)s, the values and targets give %(counted)s."
)
REPORT = gettext_noop(
    "Activity report %(report)s: kept under province %(kept_province)s and network "
    "%(kept_network)s, but its key activity is of province %(province)s and network "
    "%(network)s."
)
VALUE = gettext_noop(
    "Indicator value %(value)s: kept under province %(kept_province)s, but its indicator is "
    "of province %(province)s."
)

# A month total's key: province, fiscal year, fiscal month (0 = October), network, district.
MonthKey = tuple[str, int, int, int | None, str]
# The fields of a year total compared with its recount.
YEAR_FIELDS = ("actual", "target", "target_to_date", "approved_periods")
PLACE_FIELDS = ("province_id", "network_id", "organisation_id")
CHUNK = 2000


@dataclass(frozen=True)
class Difference:
    """One kept figure that is not what the records give; `message` is English, to be
    translated with `params` by whoever shows it."""

    kind: str  # "month", "year", "report" or "value"
    province_id: str
    key: Any
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    counted: Any = None


def differences(province_id: str | None = None) -> list[Difference]:
    """Every difference between the kept totals and carried fields and a recount."""
    return [
        *carried_differences(province_id),
        *month_differences(province_id),
        *year_differences(province_id),
    ]


# --- fields carried onto records -------------------------------------------------------------


def carried_differences(province_id: str | None = None) -> Iterator[Difference]:
    """Reports whose province or network is not their key activity's; values whose
    province is not their indicator's."""
    reports = ActivityReport.objects.annotate(
        kept_network=Coalesce("network_id", 0), plan_network=Coalesce("activity__plan__network", 0)
    ).filter(~Q(province_id=F("activity__province_id")) | ~Q(kept_network=F("plan_network")))
    values = IndicatorValue.objects.exclude(province_id=F("indicator__province_id"))
    if province_id is not None:
        reports = reports.filter(Q(province_id=province_id) | Q(activity__province_id=province_id))
        values = values.filter(Q(province_id=province_id) | Q(indicator__province_id=province_id))
    for pk, kept_province, kept_network, province, network in reports.values_list(
        "pk", "province_id", "network_id", "activity__province_id", "activity__plan__network_id"
    ).order_by("pk"):
        params = {
            "report": pk,
            "kept_province": kept_province,
            "kept_network": _network(kept_network),
            "province": province,
            "network": _network(network),
        }
        yield Difference("report", province, pk, REPORT, params, (province, network))
    for pk, kept_province, province in values.values_list(
        "pk", "province_id", "indicator__province_id"
    ).order_by("pk"):
        params = {"value": pk, "kept_province": kept_province, "province": province}
        yield Difference("value", province, pk, VALUE, params, province)


def _network(network_id: int | None) -> str:
    return "—" if network_id is None else str(network_id)


# --- activity reports by month ---------------------------------------------------------------


def counted_months(province_id: str | None = None) -> dict[MonthKey, tuple[int, int]]:
    """Reports and participants per month total's key, counted from the reports."""
    reports = ActivityReport.objects.all()
    if province_id is not None:
        reports = reports.filter(province_id=province_id)
    groups = (
        reports.values(
            "province_id",
            "network_id",
            district=F("subdistrict__district_id"),
            year=ExtractYear("held_on"),
            calendar_month=ExtractMonth("held_on"),
        )
        .annotate(reports=Count("pk"), participants=Sum("participants"))
        .order_by()
    )
    counted: dict[MonthKey, tuple[int, int]] = {}
    for group in groups.iterator():
        first = dt.date(group["year"], group["calendar_month"], 1)
        key = (
            group["province_id"],
            fiscal_year_of(first),
            fiscal_month_index(first),
            group["network_id"],
            group["district"],
        )
        counted[key] = (group["reports"], group["participants"] or 0)
    return counted


def kept_months(province_id: str | None = None) -> dict[MonthKey, tuple[int, int]]:
    totals = ActivityMonthTotal.objects.all()
    if province_id is not None:
        totals = totals.filter(province_id=province_id)
    return {
        (province, fiscal_year, month, network, district): (reports, participants)
        for province, fiscal_year, month, network, district, reports, participants in (
            totals.values_list(
                "province_id",
                "fiscal_year",
                "month",
                "network_id",
                "district_id",
                "reports",
                "participants",
            ).iterator()
        )
    }


def month_differences(province_id: str | None = None) -> Iterator[Difference]:
    counted, kept = counted_months(province_id), kept_months(province_id)
    for key in sorted(set(counted) | set(kept), key=_month_order):
        now, then = counted.get(key, (0, 0)), kept.get(key, (0, 0))
        if now == then:
            continue
        province, fiscal_year, month, network, district = key
        params = {
            "province": province,
            "month": _month_name(fiscal_year, month),
            "district": district,
            "network": _network(network),
            "kept_reports": then[0],
            "kept_participants": then[1],
            "reports": now[0],
            "participants": now[1],
        }
        yield Difference("month", province, key, MONTH, params, now)


def _month_order(key: MonthKey) -> tuple[Any, ...]:
    province, fiscal_year, month, network, district = key
    return (province, fiscal_year, month, network or 0, district)


def _month_name(fiscal_year: int, month: int) -> str:
    """The calendar month and its Buddhist-Era year, 11/2563 for November 2020."""
    calendar_month = (month + 9) % 12 + 1
    year = fiscal_year - 1 if calendar_month >= 10 else fiscal_year
    return f"{calendar_month}/{year}"


# --- indicators by year ----------------------------------------------------------------------


def year_differences(province_id: str | None = None) -> Iterator[Difference]:
    indicators = Indicator.objects.order_by("pk").only(
        "pk", "code", "province_id", "network_id", "organisation_id", "frequency", "aggregation"
    )
    if province_id is not None:
        indicators = indicators.filter(province_id=province_id)
    last = 0
    while True:
        chunk = list(indicators.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1].pk
        yield from _chunk_differences(chunk)


def _chunk_differences(chunk: list[Indicator]) -> Iterator[Difference]:
    ids = [i.pk for i in chunk]
    approved = _by_year(
        IndicatorValue.objects.filter(indicator_id__in=ids, status=ValueStatus.APPROVED)
    )
    targets = _by_year(Target.objects.filter(indicator_id__in=ids))
    kept = {
        (row["indicator_id"], row["fiscal_year"]): row
        for row in IndicatorYearTotal.objects.filter(indicator_id__in=ids).values(
            "indicator_id", "fiscal_year", *PLACE_FIELDS, *YEAR_FIELDS
        )
    }
    years: dict[int, set[int]] = defaultdict(set)
    for indicator_id, fiscal_year in [*approved, *targets, *kept]:
        years[indicator_id].add(fiscal_year)
    for indicator in chunk:
        for fiscal_year in sorted(years[indicator.pk]):
            key = (indicator.pk, fiscal_year)
            counted = indicator.year_total(approved.get(key, {}), targets.get(key, {}))
            stored = kept.get(key)
            if _same_total(stored, counted):
                continue
            params = {
                "indicator": indicator.code or indicator.pk,
                "province": indicator.province_id,
                "fy": fiscal_year,
                "kept": _figures(stored),
                "counted": _figures(counted),
            }
            yield Difference("year", indicator.province_id, key, YEAR, params, counted)


def _by_year(rows: Any) -> dict[tuple[int, int], dict[str, Decimal]]:
    found: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, fiscal_year, period, value in rows.values_list(
        "indicator_id", "fiscal_year", "period", "value"
    ).iterator():
        found[(indicator_id, fiscal_year)][period] = value
    return found


def is_empty(total: dict[str, Any]) -> bool:
    """A year with no target and no approved value: keeping no total is as good."""
    return total["approved_periods"] == 0 and total["target"] is None


def _same_total(stored: dict[str, Any] | None, counted: dict[str, Any]) -> bool:
    if stored is None:
        return is_empty(counted)
    return all(stored[name] == counted[name] for name in (*PLACE_FIELDS, *YEAR_FIELDS))


def _figures(total: dict[str, Any] | None) -> str:
    if total is None:
        return "—"
    return ", ".join(f"{name}={total[name]}" for name in (*YEAR_FIELDS, *PLACE_FIELDS))
