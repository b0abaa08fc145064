"""The province's evaluation report for a fiscal year, as PDF and as an Excel workbook.

It runs as a background job ("monitoring.year_report"). The report has one section per
unit: the province's own plan and indicators, each network, and each organisation with a
plan that year. The summary is added up from those sections, so every figure of the
summary is the sum of the rows the sheets list. Indicators are judged as on the IPTT: as
of the day the report is made, against the target of every period due by then, and what
is missing (values not reported, ended activities with no report) is listed. The charts
are SVG drawn here, since a PDF runs no JavaScript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from moralprovince.jobs.models import Job
from moralprovince.jobs.services import Progress, job_actor, register
from moralprovince.lib.charts import bar_chart, horizontal_bar_chart
from moralprovince.lib.fiscal import fiscal_year_bounds, period_name
from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.sheets import workbook_bytes
from moralprovince.lib.thaidate import THAI_MONTHS_SHORT, format_numeric_date
from moralprovince.monitoring import queries
from moralprovince.monitoring.models import (
    ActivityReport,
    Indicator,
    MonitoringVisit,
)
from moralprovince.organisations import access as organisations_access
from moralprovince.organisations.models import Network, Programme
from moralprovince.plans.models import (
    Activity,
    ActivityStatus,
    BudgetLine,
    BudgetState,
    Plan,
    PlanStatus,
)

FISCAL_MONTHS = [THAI_MONTHS_SHORT[(9 + i) % 12] for i in range(12)]
STATUS_TEXT = {
    "on": "ตามเป้า",
    "over": "สูงกว่าเป้า",
    "under": "ต่ำกว่าเป้า",
    queries.NOT_REPORTED: "ยังไม่รายงาน",
    queries.NO_TARGET: "ไม่มีเป้าหมาย",
    None: "ยังไม่ถึงกำหนด",
}


@dataclass
class Section:
    """One unit's part of the report: its plan of the year, activities and indicators."""

    title: str
    level: str
    plan: Plan | None
    activities: list[Activity]
    iptt: list[queries.IpttTable]
    network: Network | None = None
    unreported: list[Activity] = field(default_factory=list)

    @property
    def rows(self) -> list[queries.IpttRow]:
        return [row for table in self.iptt for row in table.rows]

    @property
    def missing_values(self) -> list[queries.IpttRow]:
        return [row for row in self.rows if row.year.missing]

    @property
    def reports(self) -> int:
        return sum(a.report_count for a in self.activities)  # type: ignore[attr-defined]

    @property
    def participants(self) -> int:
        return sum(a.participants for a in self.activities)  # type: ignore[attr-defined]


def report_data(province_id: str, fiscal_year: int, as_of: dt.date | None = None) -> dict[str, Any]:
    """Everything the report shows, as of a day (today unless given)."""
    as_of = as_of or timezone.localdate()
    with translation.override("th"):
        programme = Programme.objects.select_related("province", "secretariat").get(
            province_id=province_id
        )
        board = queries.dashboard(province_id, fiscal_year, as_of)
        sections = _sections(programme, fiscal_year, as_of)
        first, last = fiscal_year_bounds(fiscal_year)
        return {
            "programme": programme,
            "fiscal_year": fiscal_year,
            "as_of": as_of,
            "year_over": as_of > last,
            "board": board,
            "sections": sections,
            "summary": _summary(
                sections, queries.values_not_reported(province_id, fiscal_year, as_of)
            ),
            "province_indicators": queries.count_statuses(sections[0].rows),
            "visits": MonitoringVisit.objects.filter(
                province_id=province_id, visited_on__range=(first, last)
            ),
            "charts": _charts(board),
        }


def _sections(programme: Programme, fiscal_year: int, as_of: dt.date) -> list[Section]:
    plans = Plan.objects.filter(province_id=programme.province_id, fiscal_year=fiscal_year)
    by_unit = {(p.network_id, p.organisation_id): p for p in plans.select_related("organisation")}
    indicators = Indicator.objects.filter(province_id=programme.province_id)
    units: list[tuple[str, str, Any, Any]] = [("province", "ภาพรวมจังหวัด", None, None)]
    units += [
        ("network", f"{n.number}. {n.name_th}", n, None)
        for n in Network.objects.filter(province_id=programme.province_id).order_by("number")
    ]
    organisations = [p.organisation for p in by_unit.values() if p.organisation is not None]
    units += [
        ("organisation", o.name_th, None, o)
        for o in sorted(organisations, key=lambda o: o.sort_key)
    ]
    sections = []
    for level, title, network, organisation in units:
        plan = by_unit.get((getattr(network, "pk", None), getattr(organisation, "pk", None)))
        activities = _activities(plan)
        sections.append(
            Section(
                title=title,
                level=level,
                plan=plan,
                activities=activities,
                network=network,
                iptt=queries.iptt(
                    indicators.filter(network=network, organisation=organisation),
                    fiscal_year,
                    as_of,
                ),
                unreported=[
                    a
                    for a in activities
                    if a.end < as_of and a.status != ActivityStatus.CANCELLED and not a.report_count  # type: ignore[attr-defined]
                ],
            )
        )
    return sections


def _activities(plan: Plan | None) -> list[Activity]:
    """The plan's activities with their money, reports and participants, each counted in a
    subquery so that joining one does not multiply another."""
    if plan is None:
        return []
    reports = ActivityReport.objects.filter(activity=OuterRef("pk")).values("activity")
    return list(
        plan.activities.annotate(
            budget=_money(),
            spent=_money(state=BudgetState.SPENT),
            report_count=Coalesce(Subquery(reports.annotate(n=Count("pk")).values("n")), 0),
            participants=Coalesce(Subquery(reports.annotate(n=Sum("participants")).values("n")), 0),
        )
        .select_related("responsible")
        .order_by("start", "number")
    )


def _money(**filters: Any) -> Coalesce:
    lines = BudgetLine.objects.filter(activity=OuterRef("pk"), **filters).values("activity")
    return Coalesce(
        Subquery(lines.annotate(total=Sum("amount")).values("total")),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _summary(sections: list[Section], unreported: tuple[int, int]) -> dict[str, Any]:
    """The year in figures, each the sum of the sections' rows."""
    plans = [s.plan for s in sections if s.plan is not None]
    activities = [a for s in sections for a in s.activities]
    rows = [row for s in sections for row in s.rows]
    return {
        "plans": len(plans),
        "approved_plans": sum(p.status == PlanStatus.APPROVED for p in plans),
        "activities": len(activities),
        "done": sum(a.status == ActivityStatus.DONE for a in activities),
        "reports": sum(s.reports for s in sections),
        "participants": sum(s.participants for s in sections),
        "planned": sum((a.budget for a in activities), Decimal(0)),  # type: ignore[attr-defined]
        "spent": sum((a.spent for a in activities), Decimal(0)),  # type: ignore[attr-defined]
        **queries.count_statuses(rows),
        # The same count as the status board's "not reported" (due, with no approved value),
        # and, apart, those of them sent and awaiting review.
        "values_missing": unreported[0],
        "values_waiting": unreported[1],
        "activities_unreported": sum(len(s.unreported) for s in sections),
    }


def _short_name(name: str) -> str:
    """A network's name without the word "network": the chart says they are networks."""
    short = name.removeprefix("เครือข่าย").strip()
    return short or name


def _charts(board: dict[str, Any]) -> dict[str, str]:
    months = board["months"]
    budget = board["budget"]
    return {
        "months": bar_chart(
            FISCAL_MONTHS,
            [
                ("รายงานกิจกรรม (ครั้ง)", [m["reports"] for m in months]),
                ("ผู้เข้าร่วม (ร้อยคน)", [m["participants"] / 100 for m in months]),
            ],
        ),
        "budget": horizontal_bar_chart(
            [_short_name(str(b["name"])) for b in budget],
            [
                ("งบตามแผน (พันบาท)", [float(b["planned"]) / 1000 for b in budget]),
                ("ใช้จ่ายแล้ว (พันบาท)", [float(b["spent"]) / 1000 for b in budget]),
            ],
        )
        if budget
        else "",
    }


def render_report_pdf(data: dict[str, Any]) -> bytes:
    return render_pdf(report_html(data))


def report_html(data: dict[str, Any]) -> str:
    """The report as the HTML that is printed, in Thai."""
    with translation.override("th"):
        return render_to_string(
            "monitoring/year_report_pdf.html", {**data, "printed": timezone.localdate()}
        )


SUMMARY_LABELS = {
    "plans": "จำนวนแผน",
    "approved_plans": "แผนที่อนุมัติ",
    "activities": "กิจกรรมสำคัญ",
    "done": "กิจกรรมที่ดำเนินการแล้ว",
    "reports": "รายงานกิจกรรม (ครั้ง)",
    "participants": "ผู้เข้าร่วม (คน)",
    "planned": "งบประมาณตามแผน (บาท)",
    "spent": "ใช้จ่ายแล้ว (บาท)",
    "indicators": "ตัวชี้วัด (จังหวัด เครือข่าย และองค์กร)",
    "on_track": "ตัวชี้วัดที่บรรลุตามเป้า",
    "behind": "ตัวชี้วัดที่ต่ำกว่าเป้า",
    "not_reported": "ตัวชี้วัดที่ยังไม่รายงาน",
    "not_judged": "ตัวชี้วัดที่ยังไม่ถึงกำหนดหรือไม่มีเป้าหมาย",
    "values_missing": "ผลรายรอบที่ถึงกำหนดแต่ยังไม่รายงาน (ยังไม่มีผลที่อนุมัติ)",
    "values_waiting": "ในจำนวนนี้ ส่งแล้ว รอการพิจารณา",
    "activities_unreported": "กิจกรรมที่สิ้นสุดแล้วแต่ยังไม่มีรายงาน",
}


def render_report_xlsx(data: dict[str, Any]) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "สรุป"
    summary.append(["รายงานผลการขับเคลื่อนจังหวัดคุณธรรม", data["programme"].name_th])
    summary.append(["ปีงบประมาณ", data["fiscal_year"]])
    summary.append(["ข้อมูล ณ วันที่", format_numeric_date(data["as_of"])])
    for key, label in SUMMARY_LABELS.items():
        value = data["summary"][key]
        summary.append([label, float(value) if isinstance(value, Decimal) else value])
    _indicator_sheet(book.create_sheet("ตัวชี้วัด"), data)
    _activity_sheet(book.create_sheet("กิจกรรม"), data)
    _missing_sheet(book.create_sheet("ยังไม่รายงาน"), data)
    months = book.create_sheet("รายเดือน")
    months.append(["เดือน", "รายงานกิจกรรม", "ผู้เข้าร่วม"])
    for name, row in zip(FISCAL_MONTHS, data["board"]["months"], strict=True):
        months.append([name, row["reports"], row["participants"]])
    visits = book.create_sheet("การติดตามประเมินผล")
    visits.append(["วันที่", "คณะ", "ข้อค้นพบ", "ข้อเสนอแนะ"])
    for v in data["visits"]:
        visits.append([format_numeric_date(v.visited_on), v.team, v.findings, v.recommendations])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return workbook_bytes(book)


def _indicator_sheet(ws: Any, data: dict[str, Any]) -> None:
    ws.append(
        [
            "หน่วย",
            "รหัส",
            "ตัวชี้วัด",
            "หน่วยนับ",
            "เป้าหมายทั้งปี",
            "เป้าหมายที่ถึงกำหนด",
            "ผลที่อนุมัติ",
            "ร้อยละของเป้าหมายทั้งปี",
            "สถานะ",
            "รอบที่ยังไม่รายงาน",
        ]
    )
    for section in data["sections"]:
        for row in section.rows:
            ws.append(
                [
                    section.title,
                    row.indicator.code,
                    row.indicator.name_th,
                    row.indicator.get_unit_display(),
                    _number(row.year.target),
                    _number(row.year.due),
                    _number(row.year.actual),
                    _number(row.year.percent),
                    STATUS_TEXT[row.year.status],
                    ", ".join(period_name(p) for p in row.year.missing),
                ]
            )


def _activity_sheet(ws: Any, data: dict[str, Any]) -> None:
    ws.append(
        [
            "หน่วย",
            "กิจกรรมสำคัญ",
            "วันเริ่ม",
            "วันสิ้นสุด",
            "สถานะ",
            "งบประมาณ (บาท)",
            "ใช้จ่ายแล้ว (บาท)",
            "รายงาน (ครั้ง)",
            "ผู้เข้าร่วม (คน)",
        ]
    )
    for section in data["sections"]:
        for a in section.activities:
            ws.append(
                [
                    section.title,
                    a.title,
                    format_numeric_date(a.start),
                    format_numeric_date(a.end),
                    a.get_status_display(),
                    _number(a.budget),  # type: ignore[attr-defined]
                    _number(a.spent),  # type: ignore[attr-defined]
                    a.report_count,  # type: ignore[attr-defined]
                    a.participants,  # type: ignore[attr-defined]
                ]
            )


def _missing_sheet(ws: Any, data: dict[str, Any]) -> None:
    """What was due by the report's day and has not come: one row per value or report."""
    ws.append(["หน่วย", "ประเภท", "รายการ", "รอบ / วันสิ้นสุด"])
    for section in data["sections"]:
        for row in section.missing_values:
            for period in row.year.missing:
                ws.append([section.title, "ผลตัวชี้วัด", row.indicator.name_th, period_name(period)])
        for a in section.unreported:
            ws.append([section.title, "รายงานกิจกรรม", a.title, format_numeric_date(a.end)])


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _reads_the_province(actor: Any, job: Job) -> bool:
    return organisations_access.can(actor, "organisations.province.read_all", str(job.province_id))


@register("monitoring.year_report", readers=_reads_the_province)
def year_report_job(job: Job, progress: Progress) -> list[tuple[str, str, bytes]]:
    # Checked again when it runs: the person may have lost the role since queueing it.
    organisations_access.require(
        job_actor(job), "organisations.province.read_all", str(job.province_id)
    )
    fiscal_year = int(job.params["fiscal_year"])
    progress(10, _("Gathering the figures"))
    data = report_data(str(job.province_id), fiscal_year)
    progress(40, _("Making the PDF"))
    pdf = render_report_pdf(data)
    progress(80, _("Making the Excel workbook"))
    xlsx = render_report_xlsx(data)
    stem = f"report-{job.province_id}-{fiscal_year}"
    return [("รายงาน (PDF)", f"{stem}.pdf", pdf), ("รายงาน (Excel)", f"{stem}.xlsx", xlsx)]
