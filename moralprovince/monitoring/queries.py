"""Reads for monitoring: target against actual (IPTT), the dashboard and the status board.

The dashboard and the IPTT read the kept month totals (`ActivityMonthTotal`) and the
handful of target and approved value rows of the indicators shown, never a scan of a
province's raw reports.

A period that has ended with no approved value is "not reported", and so is the year of an
indicator while any of its due periods is: the approved figure is then shown as "so far".
A year with every due period approved is judged against the target of the periods due by
the day asked about (the year's own target once the year is over).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.geo.models import Province
from moralprovince.lib.fiscal import PERIODS, current_fiscal_year, period_bounds
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    Indicator,
    IndicatorValue,
    Target,
    ValueStatus,
)
from moralprovince.organisations.models import Network, Organisation, Programme
from moralprovince.plans.models import Activity, ActivityStatus, BudgetLine, BudgetState, Plan

# A period, or a year, that is due and has no approved value to judge.
NOT_REPORTED = "missing"
# A year with values due and reported but no target to judge them by.
NO_TARGET = "untargeted"
# The statuses that count as meeting the target.
ON_TARGET = ("on", "over")


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
    # The year's cell only: the target due by the day asked about (the year's target once
    # the year is over), and the periods that ended with no approved value.
    due: Decimal | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def so_far(self) -> bool:
        """Whether the actual is only what is approved so far, with periods due missing."""
        return self.actual is not None and bool(self.missing)

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


def periods_ended(frequency: str, fiscal_year: int, as_of: dt.date) -> list[str]:
    """The periods of a frequency that are over by the given day: their values are due."""
    return [p for p in PERIODS[frequency] if period_bounds(fiscal_year, p)[1] < as_of]


def _periods_ended_by(fiscal_year: int, today: dt.date) -> dict[str, list[str]]:
    """Each frequency's periods of the year that are over by the given day."""
    return {f: periods_ended(f, fiscal_year, today) for f in PERIODS}


def assess(
    indicators: QuerySet[Indicator], fiscal_year: int, as_of: dt.date | None = None
) -> list[IpttRow]:
    """Each indicator's targets, approved values and status per period and for the year."""
    as_of = as_of or timezone.localdate()
    chosen = list(indicators.order_by("code", "pk"))
    ids = [i.pk for i in chosen]
    targets = _by_indicator(Target.objects.filter(indicator_id__in=ids, fiscal_year=fiscal_year))
    values = _by_indicator(
        IndicatorValue.objects.filter(
            indicator_id__in=ids, fiscal_year=fiscal_year, status=ValueStatus.APPROVED
        )
    )
    return [
        _row(i, targets[i.pk], values[i.pk], periods_ended(i.frequency, fiscal_year, as_of))
        for i in chosen
    ]


def iptt(
    indicators: QuerySet[Indicator], fiscal_year: int, as_of: dt.date | None = None
) -> list[IpttTable]:
    """Target against actual per period, one table per reporting frequency."""
    tables = {f: IpttTable(f, PERIODS[f]) for f in ("quarter", "half", "year")}
    for row in assess(indicators, fiscal_year, as_of):
        tables[row.indicator.frequency].rows.append(row)
    return [t for t in tables.values() if t.rows]


def _by_indicator(rows: QuerySet[Any]) -> dict[int, dict[str, Decimal]]:
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, period, value in rows.values_list("indicator_id", "period", "value"):
        found[indicator_id][period] = value
    return found


def _row(
    indicator: Indicator, targets: dict[str, Decimal], values: dict[str, Decimal], ended: list[str]
) -> IpttRow:
    cells = []
    for p in PERIODS[indicator.frequency]:
        target, actual = targets.get(p), values.get(p)
        if actual is None:
            status = NOT_REPORTED if p in ended else None
        else:
            status = track_status(indicator.direction, target, actual)
        cells.append(Cell(target, actual, status))
    return IpttRow(indicator, cells, year_cell(indicator, targets, values, ended))


def year_cell(
    indicator: Indicator, targets: dict[str, Decimal], values: dict[str, Decimal], ended: list[str]
) -> Cell:
    """The year: its target, its approved actual, and its status against the target due."""
    periods = PERIODS[indicator.frequency]
    target: Decimal | None
    due: Decimal | None
    if "Y" in targets:
        target = targets["Y"]
    else:
        target = indicator.combine([targets[p] for p in periods if p in targets])
    actual = indicator.combine([values[p] for p in periods if p in values])
    missing = [p for p in ended if p not in values]
    if len(ended) == len(periods):
        due = target
    else:
        due = indicator.combine([targets[p] for p in ended if p in targets])
    status = _year_status(indicator, due, actual, ended, missing)
    return Cell(target, actual, status, due, missing)


def _year_status(
    indicator: Indicator,
    due: Decimal | None,
    actual: Decimal | None,
    ended: list[str],
    missing: list[str],
) -> str | None:
    """One rule for every kind of figure (sums, averages, latest values): while a period
    that is due has no approved value, the year is not reported, and what is approved is
    shown as the figure so far; only a year with every due period approved is judged."""
    if not ended:
        return None  # Nothing is due yet.
    if actual is None or missing:
        return NOT_REPORTED
    return track_status(indicator.direction, due, actual) or NO_TARGET


def count_statuses(rows: list[IpttRow]) -> dict[str, int]:
    """How many of the indicators meet their target, fall behind, are not reported, or
    cannot be judged yet; the four add up to the number of indicators."""
    counts = {"indicators": len(rows), "on_track": 0, "behind": 0, "not_reported": 0}
    counts["periods_missing"] = sum(len(row.year.missing) for row in rows)
    for row in rows:
        if row.year.status in ON_TARGET:
            counts["on_track"] += 1
        elif row.year.status == "under":
            counts["behind"] += 1
        elif row.year.status == NOT_REPORTED:
            counts["not_reported"] += 1
    counts["not_judged"] = len(rows) - counts["on_track"] - counts["behind"]
    counts["not_judged"] -= counts["not_reported"]
    return counts


# --- the years a province has ---------------------------------------------------------------


def years_with_data(province_id: str) -> set[int]:
    """The fiscal years in which the province has plans, values or activity reports."""
    years: set[int] = set()
    for model in (Plan, IndicatorValue, ActivityMonthTotal):
        rows = model.objects.filter(province_id=province_id)  # type: ignore[attr-defined]
        years.update(rows.values_list("fiscal_year", flat=True).distinct().order_by())
    return years


def year_choices(programme: Programme, today: dt.date | None = None) -> tuple[list[int], int]:
    """The years to choose from (the programme's years and every year with data, in order)
    and the one to open on: the latest year up to this one that has data, else the
    programme's latest year up to this one, else its first, else the current fiscal year."""
    with_data = years_with_data(programme.province_id)
    years = sorted(set(programme.years.values_list("fiscal_year", flat=True)) | with_data)
    current = current_fiscal_year(today)
    for candidates in ([y for y in with_data if y <= current], [y for y in years if y <= current]):
        if candidates:
            return years, max(candidates)
    return years, min(years) if years else current


# --- the province dashboard ---------------------------------------------------------------------


def dashboard(province_id: str, fiscal_year: int, as_of: dt.date | None = None) -> dict[str, Any]:
    months = ActivityMonthTotal.objects.filter(province_id=province_id, fiscal_year=fiscal_year)
    rows = assess(
        Indicator.objects.filter(province_id=province_id, organisation__isnull=True),
        fiscal_year,
        as_of,
    )
    return {
        "indicators": [r for r in rows if r.indicator.network_id is None],
        "networks": _network_progress(province_id, rows, months),
        "months": _by_month(months),
        "districts": list(
            months.values("district__name_th")
            .annotate(reports=Sum("reports"), participants=Sum("participants"))
            .order_by("-participants")
        ),
        "budget": budget_by_unit(province_id, fiscal_year),
    }


def _network_progress(
    province_id: str, rows: list[IpttRow], months: QuerySet[ActivityMonthTotal]
) -> list[dict[str, Any]]:
    """Every network of the province: its indicators by status, its reports and people."""
    by_network: dict[Any, list[IpttRow]] = defaultdict(list)
    for row in rows:
        if row.indicator.network_id is not None:
            by_network[row.indicator.network_id].append(row)
    activity = {
        a["network"]: a
        for a in months.filter(network__isnull=False)
        .values("network")
        .annotate(reports=Sum("reports"), participants=Sum("participants"))
    }
    return [
        {
            "network": network,
            "name": network.name_th,
            "number": network.number,
            **count_statuses(by_network[network.pk]),
            "reports": activity.get(network.pk, {}).get("reports", 0),
            "participants": activity.get(network.pk, {}).get("participants", 0),
        }
        for network in Network.objects.filter(province_id=province_id).order_by("number")
    ]


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


def budget_by_unit(province_id: str, fiscal_year: int) -> list[dict[str, Any]]:
    """Planned and spent money of the province's own plan, each network's plan, and the
    organisations' plans together, each named."""
    lines = BudgetLine.objects.filter(
        province_id=province_id, activity__plan__fiscal_year=fiscal_year
    ).annotate(
        by_organisation=ExpressionWrapper(
            Q(activity__plan__organisation__isnull=False), output_field=BooleanField()
        )
    )
    groups = lines.values(
        "activity__plan__network__number", "activity__plan__network__name_th", "by_organisation"
    ).annotate(planned=Sum("amount"), spent=Sum("amount", filter=Q(state=BudgetState.SPENT)))
    rows = [
        {
            "number": g["activity__plan__network__number"],
            "name": g["activity__plan__network__name_th"]
            or (_("Organisations' plans") if g["by_organisation"] else _("Province overall plan")),
            "level": "network"
            if g["activity__plan__network__number"] is not None
            else ("organisation" if g["by_organisation"] else "province"),
            "planned": g["planned"] or Decimal(0),
            "spent": g["spent"] or Decimal(0),
        }
        for g in groups
    ]
    order = {"province": 0, "network": 1, "organisation": 2}
    return sorted(rows, key=lambda r: (order[r["level"]], r["number"] or 0))


# --- who is late ------------------------------------------------------------------------------


@dataclass
class Owed:
    unit: str
    network: Any
    organisation: Any
    fiscal_year: int = 0
    # Due periods with no value sent for review: the unit owes them.
    values: list[tuple[Indicator, str]] = field(default_factory=list)
    # Due periods whose value is sent and awaits the province's review: not reported yet
    # either (only an approved value counts), but the unit has done its part.
    waiting: list[tuple[Indicator, str]] = field(default_factory=list)
    reports: list[Activity] = field(default_factory=list)

    @property
    def by_indicator(self) -> list[tuple[Indicator, list[str]]]:
        """The values owed, each indicator once with its periods in order."""
        return _grouped(self.values)

    @property
    def waiting_by_indicator(self) -> list[tuple[Indicator, list[str]]]:
        """The values awaiting review, each indicator once with its periods in order."""
        return _grouped(self.waiting)


def _grouped(values: list[tuple[Indicator, str]]) -> list[tuple[Indicator, list[str]]]:
    grouped: dict[int, tuple[Indicator, list[str]]] = {}
    for indicator, period in values:
        grouped.setdefault(indicator.pk, (indicator, []))[1].append(period)
    return list(grouped.values())


Unit = tuple[int | None, int | None]  # (network id, organisation id); (None, None) the province


@dataclass
class OwedUnits:
    """Which units owe something, in the board's order, with the totals of all of them.

    Counted in the database per unit (a province holds thousands of indicators and tens of
    thousands of values): a page of units is read whole by `owed_details`.
    """

    province_id: str
    fiscal_year: int
    today: dt.date
    units: list[Unit]
    values_owed: int
    values_waiting: int
    activities_of: dict[Unit, list[int]]

    @property
    def reports_owed(self) -> int:
        return sum(map(len, self.activities_of.values()))


def owed_units(province_id: str, fiscal_year: int, today: dt.date) -> OwedUnits:
    """Units with a period of the year that has ended by today and has no approved value
    (owed, or sent and awaiting review), or a key activity of the year that has ended with
    no report; the province's own first, then the networks' and the organisations'."""
    owed = waiting = 0
    owing: set[Unit] = set()
    for unit, due, approved, sent in _value_counts(province_id, fiscal_year, today):
        if due > approved:
            owing.add(unit)
            owed += due - approved - sent
            waiting += sent
    activities_of: dict[Unit, list[int]] = {}
    activities = _unreported_activities(province_id, fiscal_year, today).values_list(
        "pk", "plan__network_id", "plan__organisation_id"
    )
    for pk, network, organisation in activities:
        activities_of.setdefault((network, organisation), []).append(pk)
    order = _unit_order(province_id, owing | set(activities_of))
    return OwedUnits(province_id, fiscal_year, today, order, owed, waiting, activities_of)


def _value_counts(
    province_id: str, fiscal_year: int, today: dt.date
) -> list[tuple[Unit, int, int, int]]:
    """Per unit: its indicators' periods ended by today, and how many of them have an
    approved value and a value sent for review; counted in the database."""
    ended = _periods_ended_by(fiscal_year, today)
    due = Case(
        *[When(frequency=f, then=Value(len(periods))) for f, periods in ended.items()],
        default=Value(0),
    )
    units = (
        Indicator.objects.filter(province_id=province_id)
        .values("network_id", "organisation_id")
        .annotate(due=Sum(due))
        .order_by()
        .values_list("network_id", "organisation_id", "due")
    )
    values = (
        IndicatorValue.objects.filter(
            province_id=province_id,
            fiscal_year=fiscal_year,
            period__in=[p for periods in ended.values() for p in periods],
            status__in=[ValueStatus.APPROVED, ValueStatus.SUBMITTED],
        )
        .values("indicator__network_id", "indicator__organisation_id")
        .annotate(
            approved=Count("pk", filter=Q(status=ValueStatus.APPROVED)),
            sent=Count("pk", filter=Q(status=ValueStatus.SUBMITTED)),
        )
        .order_by()
        .values_list("indicator__network_id", "indicator__organisation_id", "approved", "sent")
    )
    counts = {(network, org): (approved, sent) for network, org, approved, sent in values}
    return [
        ((network, org), due, *counts.get((network, org), (0, 0))) for network, org, due in units
    ]


def _unit_order(province_id: str, units: set[Unit]) -> list[Unit]:
    """The province first, then the networks by number, then organisations in Thai order."""
    numbers = dict(Network.objects.filter(province_id=province_id).values_list("pk", "number"))
    keys = dict(
        Organisation.objects.filter(pk__in=[o for _n, o in units if o is not None]).values_list(
            "pk", "sort_key"
        )
    )
    return sorted(
        units,
        key=lambda u: (
            u != (None, None),
            u[1] is not None,
            numbers.get(u[0], 0) if u[0] is not None else 0,
            keys.get(u[1], "") if u[1] is not None else "",
        ),
    )


def owed_details(board: OwedUnits, units: list[Unit]) -> list[Owed]:
    """The units' indicators, periods and activities, read whole, in the order given."""
    some = _of_units(units) if set(units) != set(board.units) else None
    owing = _owing(board.province_id, board.fiscal_year, board.today, some)
    rows = _with_units(
        Indicator.objects.filter(pk__in=list(owing)).order_by("code", "pk"), board.province_id
    )
    activity_ids = [pk for unit in units for pk in board.activities_of.get(unit, [])]
    activities = (
        Activity.objects.filter(pk__in=activity_ids)
        .select_related("plan__network", "plan__organisation", "plan__province")
        .order_by("end", "pk")
    )
    owed: dict[Unit, Owed] = {}
    for indicator in rows:
        unit = _owed(owed, indicator, board.fiscal_year)
        for period, sent in owing[indicator.pk]:
            (unit.waiting if sent else unit.values).append((indicator, period))
    for activity in activities:
        _owed(owed, activity.plan, board.fiscal_year).reports.append(activity)
    return [owed[unit] for unit in units if unit in owed]


def _of_units(units: list[Unit]) -> Q:
    """Rows of the given units: (None, None) is the province's own."""
    found = Q(pk__in=[])
    for network, organisation in units:
        found |= Q(network_id=network, organisation_id=organisation)  # None: IS NULL
    return found


def status_board(province_id: str, fiscal_year: int, today: dt.date) -> list[Owed]:
    """Every unit that owes something (see `owed_units`), read whole."""
    board = owed_units(province_id, fiscal_year, today)
    return owed_details(board, board.units)


def _owed(owed: dict[Unit, Owed], row: Any, fiscal_year: int) -> Owed:
    key = (row.network_id, row.organisation_id)
    if key not in owed:
        owed[key] = Owed(row.unit_name, row.network, row.organisation, fiscal_year)
    return owed[key]


def values_not_reported(province_id: str, fiscal_year: int, today: dt.date) -> tuple[int, int]:
    """How many periods ended by today have no approved value ("not reported", as on the
    IPTT and the status board), and how many of them are sent and await review. A computed
    value too must be taken from the records and sent."""
    counts = _value_counts(province_id, fiscal_year, today)
    missing = sum(due - approved for _unit, due, approved, _sent in counts)
    return missing, sum(sent for *_counted, sent in counts)


def _owing(
    province_id: str, fiscal_year: int, today: dt.date, units: Q | None = None
) -> dict[int, list[tuple[str, bool]]]:
    """Per indicator owing something (of the province, or of the units given), its ended
    periods with no approved value and whether each is sent for review; from ids alone."""
    indicators = Indicator.objects.filter(Q(province_id=province_id) & (units or Q()))
    frequencies = dict(indicators.order_by().values_list("pk", "frequency"))
    values = IndicatorValue.objects.filter(
        fiscal_year=fiscal_year, status__in=[ValueStatus.SUBMITTED, ValueStatus.APPROVED]
    )
    # A few units' values are found through their indicators, the province's by its own.
    if units is not None:
        values = values.filter(indicator_id__in=list(frequencies))
    else:
        values = values.filter(province_id=province_id)
    sent = {
        (indicator_id, period): status
        for indicator_id, period, status in values.values_list("indicator_id", "period", "status")
    }
    ended = _periods_ended_by(fiscal_year, today)
    owing: dict[int, list[tuple[str, bool]]] = {}
    for pk, frequency in frequencies.items():
        for period in ended.get(frequency, []):
            status = sent.get((pk, period))
            if status != ValueStatus.APPROVED:
                owing.setdefault(pk, []).append((period, status == ValueStatus.SUBMITTED))
    return owing


def _with_units(indicators: QuerySet[Indicator], province_id: str) -> list[Indicator]:
    """The indicators with their province, network and organisation, each unit made once
    and shared, not once per indicator (a province holds thousands of indicators)."""
    rows = list(indicators)
    province = Province.objects.get(pk=province_id)
    networks = Network.objects.in_bulk({r.network_id for r in rows if r.network_id})
    organisations = Organisation.objects.in_bulk(
        {r.organisation_id for r in rows if r.organisation_id}
    )
    for row in rows:
        row.province = province
        row.network = networks.get(row.network_id)  # type: ignore[arg-type]
        row.organisation = organisations.get(row.organisation_id)  # type: ignore[arg-type]
    return rows


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
        .order_by("end", "pk")
    )
