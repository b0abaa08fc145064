"""The province's evaluation report for a fiscal year, as PDF and as an Excel workbook.

It runs as a background job ("monitoring.year_report"). The figures come from the kept
totals and the plans of the year; the charts are SVG drawn here, since a PDF runs no
JavaScript.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Font

from moralprovince.jobs.models import Job
from moralprovince.jobs.services import Progress, job_actor, register
from moralprovince.lib.charts import bar_chart
from moralprovince.lib.fiscal import fiscal_year_bounds
from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.sheets import workbook_bytes
from moralprovince.lib.thaidate import THAI_MONTHS_SHORT, format_numeric_date
from moralprovince.monitoring import queries
from moralprovince.monitoring.models import Indicator, MonitoringVisit
from moralprovince.organisations import access as organisations_access
from moralprovince.organisations.models import Network, Programme
from moralprovince.plans.models import Activity, ActivityStatus, BudgetLine, BudgetState, Plan

FISCAL_MONTHS = [THAI_MONTHS_SHORT[(9 + i) % 12] for i in range(12)]


def report_data(province_id: str, fiscal_year: int) -> dict[str, Any]:
    programme = Programme.objects.select_related("province").get(province_id=province_id)
    board = queries.dashboard(province_id, fiscal_year)
    plans = Plan.objects.filter(province_id=province_id, fiscal_year=fiscal_year)
    first, last = fiscal_year_bounds(fiscal_year)
    return {
        "programme": programme,
        "fiscal_year": fiscal_year,
        "board": board,
        "summary": _summary(plans, board),
        "networks": [
            _network_section(n, fiscal_year, board)
            for n in Network.objects.filter(province_id=province_id)
        ],
        "iptt": queries.iptt(
            Indicator.objects.filter(
                province_id=province_id, network__isnull=True, organisation__isnull=True
            ),
            fiscal_year,
        ),
        "visits": MonitoringVisit.objects.filter(
            province_id=province_id, visited_on__range=(first, last)
        ),
        "charts": _charts(board),
    }


def _summary(plans: Any, board: dict[str, Any]) -> dict[str, Any]:
    activities = Activity.objects.filter(plan__in=plans)
    money = BudgetLine.objects.filter(activity__plan__in=plans).aggregate(
        planned=Sum("amount"), spent=Sum("amount", filter=Q(state=BudgetState.SPENT))
    )
    tracked = [i for i in board["indicators"] if i["status"]]
    return {
        "plans": plans.count(),
        "approved_plans": plans.filter(status="approved").count(),
        "activities": activities.count(),
        "done": activities.filter(status=ActivityStatus.DONE).count(),
        "reports": sum(m["reports"] for m in board["months"]),
        "participants": sum(m["participants"] for m in board["months"]),
        "planned": money["planned"] or Decimal(0),
        "spent": money["spent"] or Decimal(0),
        "indicators": len(board["indicators"]),
        "on_track": sum(1 for i in tracked if i["status"] in ("on", "over")),
    }


def _network_section(network: Network, fiscal_year: int, board: dict[str, Any]) -> dict[str, Any]:
    plan = Plan.objects.filter(network=network, fiscal_year=fiscal_year).first()
    activities = (
        plan.activities.annotate(budget=_activity_budget(), report_count=Count("reports"))
        .select_related("responsible")
        .order_by("start")
        if plan
        else []
    )
    progress: dict[str, Any] = next(
        (p for p in board["networks"] if p.get("number") == network.number), {}
    )
    return {
        "network": network,
        "plan": plan,
        "activities": activities,
        "progress": progress,
        "iptt": queries.iptt(Indicator.objects.filter(network=network), fiscal_year),
    }


def _activity_budget() -> Subquery:
    # A subquery, so that joining the reports for the count does not multiply the money.
    lines = BudgetLine.objects.filter(activity=OuterRef("pk")).values("activity")
    return Subquery(lines.annotate(total=Sum("amount")).values("total"))


def _charts(board: dict[str, Any]) -> dict[str, str]:
    months = board["months"]
    budget = board["budget"]
    return {
        "months": bar_chart(
            FISCAL_MONTHS,
            [
                ("รายงานกิจกรรม", [m["reports"] for m in months]),
                ("ผู้เข้าร่วม (ร้อยคน)", [m["participants"] / 100 for m in months]),
            ],
        ),
        "budget": bar_chart(
            [str(b["activity__plan__network__number"] or "จ.") for b in budget],
            [
                ("งบตามแผน (พันบาท)", [float(b["planned"] or 0) / 1000 for b in budget]),
                ("ใช้จ่ายแล้ว (พันบาท)", [float(b["spent"] or 0) / 1000 for b in budget]),
            ],
        ),
    }


def render_report_pdf(data: dict[str, Any]) -> bytes:
    with translation.override("th"):
        html = render_to_string(
            "monitoring/year_report_pdf.html", {**data, "printed": timezone.localdate()}
        )
    return render_pdf(html)


def render_report_xlsx(data: dict[str, Any]) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "สรุป"
    summary.append(["รายงานผลการขับเคลื่อนจังหวัดคุณธรรม", data["programme"].name_th])
    summary.append(["ปีงบประมาณ", data["fiscal_year"]])
    labels = {
        "plans": "จำนวนแผน",
        "approved_plans": "แผนที่อนุมัติ",
        "activities": "กิจกรรมสำคัญ",
        "done": "กิจกรรมที่ดำเนินการแล้ว",
        "reports": "รายงานกิจกรรม",
        "participants": "ผู้เข้าร่วม (คน)",
        "planned": "งบประมาณตามแผน (บาท)",
        "spent": "ใช้จ่ายแล้ว (บาท)",
        "indicators": "ตัวชี้วัดระดับจังหวัด",
        "on_track": "ตัวชี้วัดที่บรรลุตามเป้า",
    }
    for key, label in labels.items():
        value = data["summary"][key]
        summary.append([label, float(value) if isinstance(value, Decimal) else value])
    _indicator_sheet(book.create_sheet("ตัวชี้วัด"), data)
    _activity_sheet(book.create_sheet("กิจกรรม"), data)
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
    ws.append(["หน่วย", "ตัวชี้วัด", "หน่วยนับ", "เป้าหมายทั้งปี", "ผลทั้งปี", "สถานะ"])
    status = {"on": "ตามเป้า", "under": "ต่ำกว่าเป้า", "over": "สูงกว่าเป้า", None: "-"}
    tables = [("จังหวัด", data["iptt"])] + [
        (s["network"].name_th, s["iptt"]) for s in data["networks"]
    ]
    for unit, iptt in tables:
        for table in iptt:
            for row in table.rows:
                ws.append(
                    [
                        unit,
                        row.indicator.name_th,
                        row.indicator.get_unit_display(),
                        _number(row.year.target),
                        _number(row.year.actual),
                        status[row.year.status],
                    ]
                )


def _activity_sheet(ws: Any, data: dict[str, Any]) -> None:
    ws.append(["เครือข่าย", "กิจกรรมสำคัญ", "วันเริ่ม", "วันสิ้นสุด", "สถานะ", "งบประมาณ (บาท)", "รายงาน"])
    for section in data["networks"]:
        for a in section["activities"]:
            ws.append(
                [
                    section["network"].name_th,
                    a.title,
                    format_numeric_date(a.start),
                    format_numeric_date(a.end),
                    a.get_status_display(),
                    _number(a.budget),
                    a.report_count,
                ]
            )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@register("monitoring.year_report")
def year_report_job(job: Job, progress: Progress) -> list[tuple[str, str, bytes]]:
    # Checked again when it runs: the person may have lost the role since queueing it.
    organisations_access.require(
        job_actor(job), "organisations.province.read_all", str(job.province_id)
    )
    fiscal_year = int(job.params["fiscal_year"])
    progress(10, "กำลังรวบรวมข้อมูล")
    data = report_data(str(job.province_id), fiscal_year)
    progress(40, "กำลังจัดทำ PDF")
    pdf = render_report_pdf(data)
    progress(80, "กำลังจัดทำ Excel")
    xlsx = render_report_xlsx(data)
    stem = f"report-{job.province_id}-{fiscal_year}"
    return [("รายงาน (PDF)", f"{stem}.pdf", pdf), ("รายงาน (Excel)", f"{stem}.xlsx", xlsx)]
