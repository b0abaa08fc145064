"""Surat Thani's FY2564 monitoring: indicators, reports of the activities held in the first
half of the year, approved values and the evaluators' visits (sample data, built on the
public timeline: the visits of 15–16 October and 25 December 2020)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from moralprovince.accounts.access import SYSTEM
from moralprovince.monitoring import services
from moralprovince.monitoring.models import Dimension, Indicator, IndicatorValue
from moralprovince.monitoring.services import (
    ActivityReportInput,
    IndicatorInput,
    TargetInput,
    ValueInput,
    VisitInput,
)
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Activity

FY = 2564
HALF_YEAR_END = dt.date(2021, 3, 31)

PROVINCE_INDICATORS = [
    # code, name, unit, frequency, source, quarterly targets
    ("P1", "จำนวนกิจกรรมสำคัญที่ดำเนินการแล้ว", "number", "quarter", "activities_done", [4, 6, 4, 6]),
    (
        "P2",
        "จำนวนผู้เข้าร่วมกิจกรรมส่งเสริมคุณธรรม",
        "number",
        "quarter",
        "participants",
        [400, 3500, 800, 900],
    ),
    ("P3", "งบประมาณที่ใช้จ่ายแล้ว (บาท)", "number", "half", "budget_spent", [200000, 300000]),
    ("P4", "ร้อยละขององค์กรสมาชิกที่ประกาศเจตนารมณ์", "percent", "year", "", [80]),
]
NETWORK_INDICATOR = "จำนวนองค์กรสมาชิกที่จัดกิจกรรมส่งเสริมคุณธรรม"
# Approved values of each network's indicator for Q1 and Q2: some on track, some behind.
NETWORK_VALUES = {
    1: (3, 2),
    2: (1, 2),
    3: (4, 5),
    4: (2, 3),
    5: (1, 1),
    6: (3, 3),
    7: (2, 4),
    8: (3, 2),
}


def load_monitoring_2564(province: Any, networks: list[Any]) -> None:
    if Indicator.objects.filter(province=province).exists():
        return
    _report_first_half(province)
    for code, name, unit, frequency, source, targets in PROVINCE_INDICATORS:
        indicator = _indicator(province, None, code, name, unit, frequency, source)
        _targets(indicator, targets)
        if source:
            for period in ("Q1", "Q2") if frequency == "quarter" else ("H1",):
                _approve(
                    services.compute_value(
                        actor=SYSTEM, indicator=indicator, fiscal_year=FY, period=period
                    )
                )
    for network in networks:
        indicator = _indicator(
            province, network, f"N{network.number}", NETWORK_INDICATOR, "number", "quarter", ""
        )
        _targets(indicator, [3, 3, 3, 3])
        for period, value in zip(("Q1", "Q2"), NETWORK_VALUES[network.number], strict=True):
            row = services.enter_value(
                actor=SYSTEM,
                indicator=indicator,
                data=ValueInput(fiscal_year=FY, period=period, value=Decimal(value)),
            )
            _approve(row)
    _visits(province)


def _indicator(
    province: Any, network: Any, code: str, name: str, unit: str, frequency: str, source: str
) -> Indicator:
    dims = Dimension.objects.filter(code="sex") if source == "participants" else []
    data = IndicatorInput(
        code=code,
        name_th=name,
        unit=unit,
        frequency=frequency,
        source=source,
        aggregation="sum",
        means_of_verification="รายงานในระบบขับเคลื่อนจังหวัดคุณธรรม",
        dimensions=list(dims),
    )
    return services.create_indicator(actor=SYSTEM, unit=Unit(province.pk, network), data=data)


def _targets(indicator: Indicator, values: list[int]) -> None:
    periods = {"quarter": ["Q1", "Q2", "Q3", "Q4"], "half": ["H1", "H2"], "year": ["Y"]}[
        indicator.frequency
    ]
    for period, value in zip(periods, values, strict=True):
        services.update_target(
            actor=SYSTEM,
            indicator=indicator,
            data=TargetInput(fiscal_year=FY, period=period, value=Decimal(value)),
        )


def _approve(value: IndicatorValue) -> None:
    services.submit_value(actor=SYSTEM, value=value)
    services.approve_value(actor=SYSTEM, value=value)


def _report_first_half(province: Any) -> None:
    """Activities of the first half of the year are done and reported."""
    for activity in Activity.objects.filter(
        province=province, plan__fiscal_year=FY, end__lte=HALF_YEAR_END
    ):
        services.create_activity_report(
            actor=SYSTEM,
            activity=activity,
            data=ActivityReportInput(
                held_on=activity.start,
                subdistrict=activity.responsible.subdistrict,
                participants=activity.expected_participants or 50,
                description=f"จัด{activity.title} ตามแผน (ข้อมูลตัวอย่าง)",
                outcomes="ผู้เข้าร่วมมีความรู้ความเข้าใจและนำไปปฏิบัติ (ข้อมูลตัวอย่าง)",
            ),
        )


def _visits(province: Any) -> None:
    visits = [
        (
            dt.date(2020, 10, 15),
            "คณะติดตามประเมินผล ศูนย์คุณธรรม และภาคีวิชาการ",
            "ติดตามการขับเคลื่อน 3 เครือข่าย ผู้เข้าร่วม 90 คน (ตามข่าวศูนย์คุณธรรม 15–16 ต.ค. 2563)",
            "เครือข่ายมีความตื่นตัว แต่การรายงานผลตามตัวชี้วัดยังไม่สม่ำเสมอ (ข้อมูลตัวอย่าง)",
            "กำหนดผู้รับผิดชอบการรายงานของแต่ละเครือข่ายและรอบการรายงานรายไตรมาส (ข้อมูลตัวอย่าง)",
        ),
        (
            dt.date(2020, 12, 25),
            "คณะผู้ประเมิน อำเภอคุณธรรม",
            "อำเภอบ้านนาเดิม (ตามข่าวศูนย์คุณธรรม 25 ธ.ค. 2563)",
            "ชุมชนใช้หลักบวร บ้าน วัด โรงเรียน ขับเคลื่อนกิจกรรมได้ต่อเนื่อง (ข้อมูลตัวอย่าง)",
            "ถอดบทเรียนเป็นต้นแบบให้อำเภออื่น (ข้อมูลตัวอย่าง)",
        ),
    ]
    for day, team, places, findings, recommendations in visits:
        services.create_visit(
            actor=SYSTEM,
            province=province,
            data=VisitInput(
                visited_on=day,
                team=team,
                places=places,
                findings=findings,
                recommendations=recommendations,
            ),
        )
