"""Surat Thani's monitoring of FY2563–2565: indicators, targets, activity reports, reviewed
values, the evaluators' visits and the closed first year (sample data).

The visits of 15–16 October and 25 December 2020 are on the public timeline; everything else
is invented. Figures are drawn from seeded random numbers, so every load gives the same
demo: year 1 dips when COVID-19 stopped gatherings (April–June 2020), year 2 when the third
wave came (April–June 2021), and year 3 recovers. The latest year is left as a secretariat
would find it in October 2022: two key activities unreported, a few values of the last
quarter missing, one returned and one awaiting review.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from moralprovince.accounts.access import SYSTEM
from moralprovince.demo import years
from moralprovince.demo.plans import demo_organisation
from moralprovince.lib.fiscal import PERIODS, period_bounds
from moralprovince.monitoring import services
from moralprovince.monitoring.models import (
    ActivityReport,
    Dimension,
    Indicator,
    IndicatorValue,
    MonitoringVisit,
    Target,
)
from moralprovince.monitoring.services import (
    ActivityReportInput,
    IndicatorInput,
    TargetInput,
    ValueInput,
    VisitInput,
)
from moralprovince.organisations.models import Network, Organisation
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Activity, ActivityStatus

FISCAL_YEARS = (2563, 2564, 2565)
LATEST = 2565
SAMPLE = years.SAMPLE
VERIFIED_BY = "รายงานในระบบขับเคลื่อนจังหวัดคุณธรรม"

PROVINCE_INDICATORS = [
    # code, name, unit, frequency, source
    ("P1", "จำนวนกิจกรรมสำคัญที่ดำเนินการแล้ว", "number", "quarter", "activities_done"),
    ("P2", "จำนวนผู้เข้าร่วมกิจกรรมส่งเสริมคุณธรรม", "number", "quarter", "participants"),
    ("P3", "งบประมาณที่ใช้จ่ายแล้ว (บาท)", "number", "half", "budget_spent"),
    ("P4", "ร้อยละขององค์กรสมาชิกที่ประกาศเจตนารมณ์", "percent", "year", ""),
]
NETWORK_INDICATOR = "จำนวนองค์กรสมาชิกที่จัดกิจกรรมส่งเสริมคุณธรรม"
NETWORK_TARGETS = {2563: [2, 2, 2, 3], 2564: [3, 3, 3, 3], 2565: [4, 4, 4, 5]}
# How each quarter went against its target: COVID-19 in Q3 of year 1 and year 2.
QUARTER_PACE = {
    2563: [1.0, 0.9, 0.4, 0.85],
    2564: [1.0, 1.0, 0.6, 0.9],
    2565: [1.05, 1.1, 1.1, 1.0],
}
# FY2564's first half as the demo always had it: some networks on track, some behind.
NETWORK_VALUES_2564 = {
    1: (3, 2),
    2: (1, 2),
    3: (4, 5),
    4: (2, 3),
    5: (1, 1),
    6: (3, 3),
    7: (2, 4),
    8: (3, 2),
}
P4_VALUES = {2563: "75.4", 2564: "83.1", 2565: "90.3"}
P4_TARGETS = {2563: 70, 2564: 80, 2565: 85}


@dataclass(frozen=True)
class OrganisationIndicator:
    """An indicator of one of the story's organisations, with its targets and values by year."""

    who: str
    code: str
    name: str
    unit: str
    frequency: str
    aggregation: str
    baseline: Decimal | None
    targets: dict[int, list[int]]
    values: dict[int, list[str]]


# The school's last value of the latest year is missing: its reporter owes it.
ORGANISATION_INDICATORS = [
    OrganisationIndicator(
        "school",
        "S1",
        "ร้อยละของนักเรียนที่มาโรงเรียนทันเวลา",
        "percent",
        "quarter",
        "average",
        Decimal("78.0"),
        {2564: [85, 85, 88, 90], 2565: [90, 90, 92, 92]},
        {2564: ["81.5", "84.2", "86.0", "88.4"], 2565: ["89.1", "90.6", "91.8"]},
    ),
    OrganisationIndicator(
        "temple",
        "T1",
        "จำนวนครั้งที่วัดจัดกิจกรรมบวรร่วมกับชุมชน",
        "number",
        "half",
        "sum",
        None,
        {2563: [3, 3], 2564: [4, 4], 2565: [5, 5]},
        {2563: ["3", "1"], 2564: ["4", "3"], 2565: ["5", "6"]},
    ),
]

# What some of the latest year's network values are left as: missing, returned or awaiting
# review. The media network is a quarter behind.
LATEST_GAPS = {
    (5, "Q3"): "missing",
    (5, "Q4"): "missing",
    (8, "Q4"): "missing",
    (2, "Q4"): "returned",
    (7, "Q4"): "submitted",
}
RETURN_COMMENT = "แนบรายชื่อองค์กรที่จัดกิจกรรมประกอบตัวเลขไตรมาสนี้ด้วย (ข้อมูลตัวอย่าง)"

VISITS = [
    (
        dt.date(2020, 6, 25),
        "คณะทำงานจังหวัดและศูนย์คุณธรรม",
        "ติดตามความก้าวหน้าของแผนเครือข่ายทางออนไลน์ ช่วงงดการรวมกลุ่มจากโควิด-19",
        "กิจกรรมที่ต้องรวมคนจำนวนมากในไตรมาสที่ 3 ถูกยกเลิกหรือเลื่อน เครือข่ายสาธารณสุขปรับมาเยี่ยมบ้านแทน" + SAMPLE,
        "ปรับกิจกรรมเป็นกลุ่มเล็กหรือออนไลน์ และเลื่อนกิจกรรมค่ายไปปีถัดไป" + SAMPLE,
        [],
    ),
    (
        dt.date(2020, 10, 15),
        "คณะติดตามประเมินผล ศูนย์คุณธรรม และภาคีวิชาการ",
        "ติดตามการขับเคลื่อน 3 เครือข่าย ผู้เข้าร่วม 90 คน (ตามข่าวศูนย์คุณธรรม 15–16 ต.ค. 2563)",
        "เครือข่ายมีความตื่นตัว แต่การรายงานผลตามตัวชี้วัดยังไม่สม่ำเสมอ" + SAMPLE,
        "กำหนดผู้รับผิดชอบการรายงานของแต่ละเครือข่ายและรอบการรายงานรายไตรมาส" + SAMPLE,
        [],
    ),
    (
        dt.date(2020, 12, 25),
        "คณะผู้ประเมิน อำเภอคุณธรรม",
        "อำเภอบ้านนาเดิม (ตามข่าวศูนย์คุณธรรม 25 ธ.ค. 2563)",
        "ชุมชนใช้หลักบวร บ้าน วัด โรงเรียน ขับเคลื่อนกิจกรรมได้ต่อเนื่อง" + SAMPLE,
        "ถอดบทเรียนเป็นต้นแบบให้อำเภออื่น" + SAMPLE,
        [],
    ),
    (
        dt.date(2022, 3, 10),
        "คณะผู้ประเมิน มหาวิทยาลัยราชภัฏสุราษฎร์ธานี",
        "องค์กรต้นแบบ 2 แห่ง",
        "โรงเรียนใช้ระบบเพื่อนช่วยเพื่อนจนนักเรียนมาสายลดลง วัดจัดกิจกรรมร่วมกับชุมชนสม่ำเสมอ" + SAMPLE,
        "บันทึกหลักฐานกิจกรรมในระบบทุกครั้ง และเชื่อมกิจกรรมกับผลสำรวจต้นทุนชีวิต" + SAMPLE,
        ["school", "temple"],
    ),
    (
        dt.date(2022, 9, 5),
        "คณะติดตามประเมินผล ศูนย์คุณธรรม",
        "ประเมินผลการขับเคลื่อนปีที่ 3 ร่วมกับแกนนำ 8 เครือข่าย",
        "ทุกเครือข่ายมีแผนที่อนุมัติแล้ว พลังชุมชนในผลสำรวจต้นทุนชีวิตยังต่ำกว่าเกณฑ์" + SAMPLE,
        "เครือข่ายสาธารณสุขและสื่อมวลชนส่งรายงานไตรมาสสุดท้ายให้ครบ "
        "และเพิ่มกิจกรรมที่ให้เยาวชนมีส่วนร่วมในชุมชน" + SAMPLE,
        [],
    ),
]


def load_monitoring(province: Any, secretariat: Organisation, networks: list[Network]) -> None:
    """Indicators of every unit, then each year's reports, targets and reviewed values."""
    indicators = _province_indicators(province)
    network_indicators = {n.number: _network_indicator(province, n) for n in networks}
    organisation_rows = [
        (_organisation_indicator(province, secretariat, networks, spec), spec)
        for spec in ORGANISATION_INDICATORS
    ]
    for fy in FISCAL_YEARS:
        _report_year(province, fy)
        _province_year(province, fy, indicators)
        for number, indicator in network_indicators.items():
            _network_year(indicator, fy, number)
        for indicator, spec in organisation_rows:
            _organisation_year(indicator, fy, spec)
    _visits(province, secretariat, networks)
    services.lock_period(actor=SYSTEM, province=province, fiscal_year=2563, period="Y")


# --- indicators ------------------------------------------------------------------------------


def _indicator(province: Any, unit: Unit, code: str, data: IndicatorInput) -> Indicator:
    existing = Indicator.objects.filter(
        province=province, network=unit.network, organisation=unit.organisation, code=code
    ).first()
    return existing or services.create_indicator(actor=SYSTEM, unit=unit, data=data)


def _province_indicators(province: Any) -> dict[str, Indicator]:
    found = {}
    for code, name, unit, frequency, source in PROVINCE_INDICATORS:
        dims = Dimension.objects.filter(code="sex") if source == "participants" else []
        data = IndicatorInput(
            code=code,
            name_th=name,
            unit=unit,
            frequency=frequency,
            source=source,
            aggregation="sum",
            means_of_verification=VERIFIED_BY,
            dimensions=list(dims),
        )
        found[code] = _indicator(province, Unit(province.pk), code, data)
    return found


def _network_indicator(province: Any, network: Network) -> Indicator:
    code = f"N{network.number}"
    data = IndicatorInput(
        code=code,
        name_th=NETWORK_INDICATOR,
        frequency="quarter",
        aggregation="sum",
        means_of_verification=VERIFIED_BY,
    )
    return _indicator(province, Unit(province.pk, network), code, data)


def _organisation_indicator(
    province: Any,
    secretariat: Organisation,
    networks: list[Network],
    spec: OrganisationIndicator,
) -> Indicator:
    organisation = demo_organisation(spec.who, secretariat, networks)
    data = IndicatorInput(
        code=spec.code,
        name_th=spec.name,
        unit=spec.unit,
        frequency=spec.frequency,
        aggregation=spec.aggregation,
        baseline=spec.baseline,
        baseline_year=2563 if spec.baseline is not None else None,
        means_of_verification="บันทึกขององค์กร" + SAMPLE,
    )
    unit = Unit(province.pk, organisation=organisation)
    return _indicator(province, unit, spec.code, data)


# --- targets and values ------------------------------------------------------------------------


def _set_targets(indicator: Indicator, fy: int, values: Iterable[Any]) -> None:
    for period, value in zip(PERIODS[indicator.frequency], values, strict=True):
        if not Target.objects.filter(indicator=indicator, fiscal_year=fy, period=period).exists():
            services.update_target(
                actor=SYSTEM,
                indicator=indicator,
                data=TargetInput(fiscal_year=fy, period=period, value=Decimal(value)),
            )


def _has_value(indicator: Indicator, fy: int, period: str) -> bool:
    return IndicatorValue.objects.filter(
        indicator=indicator, fiscal_year=fy, period=period
    ).exists()


def _typed(
    indicator: Indicator, fy: int, period: str, value: Any, outcome: str = "approved"
) -> None:
    """Enter a value as its unit would, and take it through review as far as `outcome`."""
    if _has_value(indicator, fy, period) or outcome == "missing":
        return
    row = services.enter_value(
        actor=SYSTEM,
        indicator=indicator,
        data=ValueInput(fiscal_year=fy, period=period, value=Decimal(value), comment="ข้อมูลตัวอย่าง"),
    )
    services.submit_value(actor=SYSTEM, value=row)
    if outcome == "approved":
        services.approve_value(actor=SYSTEM, value=row)
    elif outcome == "returned":
        services.return_value(actor=SYSTEM, value=row, comment=RETURN_COMMENT)


def _province_year(province: Any, fy: int, indicators: dict[str, Indicator]) -> None:
    """Targets from the year's plans; values computed from the records, and P4 typed in."""
    activities = list(
        Activity.objects.filter(province=province, plan__fiscal_year=fy).prefetch_related(
            "budget_lines"
        )
    )
    _set_targets(indicators["P1"], fy, _by_period(fy, "quarter", activities, "end", lambda a: 1))
    people = _by_period(fy, "quarter", activities, "start", _expected)
    _set_targets(indicators["P2"], fy, [_round(p, 50) for p in people])
    money = _by_period(fy, "half", activities, "start", _planned_budget)
    _set_targets(indicators["P3"], fy, [_round(m, 10000) for m in money])
    _set_targets(indicators["P4"], fy, [P4_TARGETS[fy]])
    for code in ("P1", "P2", "P3"):
        _computed(indicators[code], fy)
    _typed(indicators["P4"], fy, "Y", P4_VALUES[fy], "submitted" if fy == LATEST else "approved")


def _computed(indicator: Indicator, fy: int) -> None:
    for period in PERIODS[indicator.frequency]:
        if not _has_value(indicator, fy, period):
            row = services.compute_value(
                actor=SYSTEM, indicator=indicator, fiscal_year=fy, period=period
            )
            services.submit_value(actor=SYSTEM, value=row)
            services.approve_value(actor=SYSTEM, value=row)


def _by_period(
    fy: int, frequency: str, activities: list[Activity], date: str, amount: Any
) -> list[int]:
    """What the plans hold for each period: the planners' own targets."""
    totals = []
    for period in PERIODS[frequency]:
        first, last = period_bounds(fy, period)
        totals.append(sum(amount(a) for a in activities if first <= getattr(a, date) <= last))
    return totals


def _expected(activity: Activity) -> int:
    return activity.expected_participants or 0


def _planned_budget(activity: Activity) -> int:
    return int(sum(line.amount for line in activity.budget_lines.all()))


def _round(value: int, step: int) -> int:
    return max(step, round(value / step) * step)


def _network_year(indicator: Indicator, fy: int, number: int) -> None:
    _set_targets(indicator, fy, NETWORK_TARGETS[fy])
    draw = random.Random(f"network-{fy}-{number}")
    for index, (period, target) in enumerate(
        zip(PERIODS["quarter"], NETWORK_TARGETS[fy], strict=True)
    ):
        if fy == 2564 and index < 2:
            value = NETWORK_VALUES_2564[number][index]
        else:
            value = max(0, round(target * QUARTER_PACE[fy][index] + draw.uniform(-1.2, 1.2)))
        outcome = LATEST_GAPS.get((number, period), "approved") if fy == LATEST else "approved"
        _typed(indicator, fy, period, value, outcome)


def _organisation_year(indicator: Indicator, fy: int, spec: OrganisationIndicator) -> None:
    if fy not in spec.targets:
        return
    _set_targets(indicator, fy, spec.targets[fy])
    for period, value in zip(PERIODS[indicator.frequency], spec.values[fy], strict=False):
        _typed(indicator, fy, period, value)


# --- activity reports ----------------------------------------------------------------------------


def _report_year(province: Any, fy: int) -> None:
    """Report every key activity that was held, once or, for a long one, twice."""
    activities = (
        Activity.objects.filter(province=province, plan__fiscal_year=fy)
        .exclude(status__in=[ActivityStatus.CANCELLED, ActivityStatus.POSTPONED])
        .exclude(pk__in=ActivityReport.objects.values("activity_id"))
        .select_related("plan__network", "responsible__subdistrict")
        .order_by("start", "pk")
    )
    for activity in activities:
        if fy == LATEST and activity.title in years.UNREPORTED_2565:
            continue
        for held_on, share, subdistrict in _occasions(activity):
            people = round(_turnout(activity) * share)
            services.create_activity_report(
                actor=SYSTEM,
                activity=activity,
                data=ActivityReportInput(
                    held_on=held_on,
                    subdistrict=subdistrict,
                    participants=people,
                    description=f"จัด{activity.title} ตามแผน{SAMPLE}",
                    outcomes="ผู้เข้าร่วมมีความรู้ความเข้าใจและนำไปปฏิบัติ" + SAMPLE,
                ),
            )


def _turnout(activity: Activity) -> float:
    draw = random.Random(f"turnout-{activity.plan.fiscal_year}-{activity.title}")
    expected = activity.expected_participants or 50
    return expected * draw.uniform(0.75, 1.1)


def _occasions(activity: Activity) -> list[tuple[dt.date, float, Any]]:
    """When and where it was held: at the start, and again later if it ran for months."""
    places = [activity.responsible.subdistrict]
    network = activity.plan.network
    if network is not None:
        draw = random.Random(f"places-{activity.plan.fiscal_year}-{activity.title}")
        members = list(network.members.select_related("subdistrict").order_by("pk"))
        places = [draw.choice(members).subdistrict for _ in range(2)]
    days = (activity.end - activity.start).days
    if days <= 90:
        return [(activity.start, 1.0, places[0])]
    later = activity.start + dt.timedelta(days=days * 2 // 3)
    return [(activity.start, 0.6, places[0]), (later, 0.4, places[-1])]


# --- visits ------------------------------------------------------------------------------------


def _visits(province: Any, secretariat: Organisation, networks: list[Network]) -> None:
    for day, team, places, findings, recommendations, visited in VISITS:
        if MonitoringVisit.objects.filter(province=province, visited_on=day).exists():
            continue
        services.create_visit(
            actor=SYSTEM,
            province=province,
            data=VisitInput(
                visited_on=day,
                team=team,
                organisations=[demo_organisation(k, secretariat, networks) for k in visited],
                places=places,
                findings=findings,
                recommendations=recommendations,
            ),
        )
