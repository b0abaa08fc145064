"""Reads for monitoring: target against actual (IPTT), the dashboard and the status board.

The dashboard and the IPTT read the kept totals (`IndicatorYearTotal`,
`ActivityMonthTotal`) and the handful of target and value rows of the indicators shown,
never a scan of a province's raw reports or values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from moralprovince.lib.fiscal import PERIODS, fiscal_year_of, period_bounds
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    Indicator,
    IndicatorValue,
    IndicatorYearTotal,
    Target,
    ValueStatus,
)
from moralprovince.plans.models import Activity, ActivityStatus, BudgetLine, BudgetState


def band() -> Decimal:
    """How far from the target still counts as on track (TolaData uses ±15 %)."""
    return Decimal(str(settings.MONITORING_ON_TRACK_BAND))


def track_status(direction: str, target: Decimal | None, actual: Decimal | None) -> str | None:
    """'on', 'under' (worse than the band) or 'over' (better), or None when unknown."""
    if target in (None, Decimal(0)) or actual is None:
        return None
    deviation = (actual - target) / target  # type: ignore[operator]
    if direction == Indicator.Direction.DOWN:
        deviation = -deviation
    if deviation < -band():
        return "under"
    return "over" if deviation > band() else "on"


@dataclass
class Cell:
    target: Decimal | None
    actual: Decimal | None
    status: str | None

    @property
    def percent(self) -> Decimal | None:
        if not self.target or self.actual is None:
            return None
        return (self.actual * 100 / self.target).quantize(Decimal("1"))


@dataclass
class IpttRow:
    indicator: Indicator
    cells: list[Cell]
    year: Cell


@dataclass
class IpttTable:
    frequency: str
    periods: list[str]
    rows: list[IpttRow] = field(default_factory=list)


def iptt(indicators: QuerySet[Indicator], fiscal_year: int) -> list[IpttTable]:
    """Target against actual per period, one table per reporting frequency."""
    chosen = list(indicators.order_by("code", "pk"))
    ids = [i.pk for i in chosen]
    targets = _by_indicator(Target.objects.filter(indicator_id__in=ids, fiscal_year=fiscal_year))
    values = _by_indicator(
        IndicatorValue.objects.filter(
            indicator_id__in=ids, fiscal_year=fiscal_year, status=ValueStatus.APPROVED
        )
    )
    totals = {
        t.indicator_id: t
        for t in IndicatorYearTotal.objects.filter(indicator_id__in=ids, fiscal_year=fiscal_year)
    }
    tables = {f: IpttTable(f, PERIODS[f]) for f in ("quarter", "half", "year")}
    for indicator in chosen:
        tables[indicator.frequency].rows.append(
            _row(indicator, targets[indicator.pk], values[indicator.pk], totals.get(indicator.pk))
        )
    return [t for t in tables.values() if t.rows]


def _by_indicator(rows: QuerySet[Any]) -> dict[int, dict[str, Decimal]]:
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, period, value in rows.values_list("indicator_id", "period", "value"):
        found[indicator_id][period] = value
    return found


def _row(
    indicator: Indicator, targets: dict[str, Decimal], values: dict[str, Decimal], total: Any
) -> IpttRow:
    cells = [
        Cell(
            targets.get(p),
            values.get(p),
            track_status(indicator.direction, targets.get(p), values.get(p)),
        )
        for p in PERIODS[indicator.frequency]
    ]
    target = total.target if total else None
    actual = total.actual if total else None
    to_date = total.target_to_date if total else None
    return IpttRow(
        indicator, cells, Cell(target, actual, track_status(indicator.direction, to_date, actual))
    )


# --- the province dashboard ---------------------------------------------------------------------


def dashboard(province_id: str, fiscal_year: int) -> dict[str, Any]:
    totals = IndicatorYearTotal.objects.filter(province_id=province_id, fiscal_year=fiscal_year)
    months = ActivityMonthTotal.objects.filter(province_id=province_id, fiscal_year=fiscal_year)
    return {
        "indicators": _province_indicators(totals),
        "networks": _network_progress(totals, months),
        "months": _by_month(months),
        "districts": list(
            months.values("district__name_th")
            .annotate(reports=Sum("reports"), participants=Sum("participants"))
            .order_by("-participants")
        ),
        "budget": _budget(province_id, fiscal_year),
    }


def _province_indicators(totals: QuerySet[IndicatorYearTotal]) -> list[dict[str, Any]]:
    rows = totals.filter(network__isnull=True, organisation__isnull=True).select_related(
        "indicator"
    )
    return [
        {
            "indicator": t.indicator,
            "target": t.target,
            "target_to_date": t.target_to_date,
            "actual": t.actual,
            "status": track_status(t.indicator.direction, t.target_to_date, t.actual),
        }
        for t in rows.order_by("indicator__code", "indicator_id")
    ]


def _network_progress(
    totals: QuerySet[IndicatorYearTotal], months: QuerySet[ActivityMonthTotal]
) -> list[dict[str, Any]]:
    progress: dict[Any, dict[str, Any]] = {}
    for t in totals.filter(network__isnull=False).select_related("network", "indicator"):
        row = progress.setdefault(
            t.network_id,
            {"network": t.network, "indicators": 0, "on_track": 0, "reports": 0, "participants": 0},
        )
        row["indicators"] += 1
        row["on_track"] += track_status(t.indicator.direction, t.target_to_date, t.actual) in (
            "on",
            "over",
        )
    activity = months.filter(network__isnull=False).values(
        "network", "network__name_th", "network__number"
    )
    for a in activity.annotate(reports=Sum("reports"), participants=Sum("participants")):
        row = progress.setdefault(a["network"], {"network": None, "indicators": 0, "on_track": 0})
        row.update(
            reports=a["reports"],
            participants=a["participants"],
            name=a["network__name_th"],
            number=a["network__number"],
        )
    for row in progress.values():
        if row.get("network") is not None:
            row.setdefault("name", row["network"].name_th)
            row.setdefault("number", row["network"].number)
    return sorted(progress.values(), key=lambda r: r.get("number", 0))


def _by_month(months: QuerySet[ActivityMonthTotal]) -> list[dict[str, int]]:
    found = {
        m["month"]: m
        for m in months.values("month").annotate(
            reports=Sum("reports"), participants=Sum("participants")
        )
    }
    return [
        {
            "month": i,
            "reports": found.get(i, {}).get("reports", 0),
            "participants": found.get(i, {}).get("participants", 0),
        }
        for i in range(12)
    ]


def _budget(province_id: str, fiscal_year: int) -> list[dict[str, Any]]:
    lines = BudgetLine.objects.filter(
        province_id=province_id, activity__plan__fiscal_year=fiscal_year
    )
    return list(
        lines.values("activity__plan__network__number", "activity__plan__network__name_th")
        .annotate(planned=Sum("amount"), spent=Sum("amount", filter=Q(state=BudgetState.SPENT)))
        .order_by("activity__plan__network__number")
    )


# --- who is late ------------------------------------------------------------------------------


@dataclass
class Owed:
    unit: str
    network: Any
    organisation: Any
    values: list[tuple[Indicator, str]] = field(default_factory=list)
    reports: list[Activity] = field(default_factory=list)


def status_board(province_id: str, today: dt.date) -> list[Owed]:
    """Units that owe a value for an ended period, or a report of an ended activity, this year."""
    fiscal_year = fiscal_year_of(today)
    owed: dict[tuple[Any, Any], Owed] = {}
    for indicator, period in _missing_values(province_id, fiscal_year, today):
        _owed(owed, indicator).values.append((indicator, period))
    for activity in _unreported_activities(province_id, fiscal_year, today):
        _owed(owed, activity.plan).reports.append(activity)
    return sorted(
        owed.values(), key=lambda o: (o.network is None and o.organisation is None, o.unit)
    )


def _owed(owed: dict[tuple[Any, Any], Owed], row: Any) -> Owed:
    key = (row.network_id, row.organisation_id)
    if key not in owed:
        owed[key] = Owed(row.unit_name, row.network, row.organisation)
    return owed[key]


def _missing_values(
    province_id: str, fiscal_year: int, today: dt.date
) -> list[tuple[Indicator, str]]:
    indicators = Indicator.objects.filter(province_id=province_id, source="").select_related(
        "network", "organisation", "province"
    )
    reported = set(
        IndicatorValue.objects.filter(
            province_id=province_id,
            fiscal_year=fiscal_year,
            status__in=[ValueStatus.SUBMITTED, ValueStatus.APPROVED],
        ).values_list("indicator_id", "period")
    )
    missing = []
    for indicator in indicators:
        for period in PERIODS[indicator.frequency]:
            ended = period_bounds(fiscal_year, period)[1] < today
            if ended and (indicator.pk, period) not in reported:
                missing.append((indicator, period))
    return missing


def _unreported_activities(
    province_id: str, fiscal_year: int, today: dt.date
) -> QuerySet[Activity]:
    reported = ActivityReport.objects.filter(province_id=province_id).values("activity_id")
    return (
        Activity.objects.filter(
            province_id=province_id, plan__fiscal_year=fiscal_year, end__lt=today
        )
        .exclude(status=ActivityStatus.CANCELLED)
        .exclude(pk__in=reported)
        .select_related("plan__network", "plan__organisation", "plan__province")
    )
