"""Plans as the workbook a provincial office hands round, and back again.

Layout: a summary sheet (สรุป), then one sheet per plan. A plan sheet starts with a small
header block (title, level, unit, fiscal year) and a table with one row per budget line;
an activity's columns repeat on each of its lines, and an activity without money has one
row with the budget columns empty. Goals and activities are matched by their numbers, so
exporting and importing gives back the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from moralprovince.lib.sheets import workbook_bytes
from moralprovince.lib.thaidate import format_numeric_date
from moralprovince.organisations.models import Level
from moralprovince.plans.models import BudgetLine, Plan

SUMMARY_SHEET = "สรุป"
HEADER_ROW = 7
LEVEL_LABELS = {Level.PROVINCE: "จังหวัด", Level.NETWORK: "เครือข่าย", Level.ORGANISATION: "องค์กร"}
BLOCK_LABELS = ["ชื่อแผน", "ระดับ", "หน่วย", "ปีงบประมาณ", "สถานะแผน"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14


COLUMNS = [
    Column("goal_no", "เป้าหมายที่", 10),
    Column("goal", "เป้าหมาย", 30),
    Column("no", "กิจกรรมที่", 10),
    Column("title", "กิจกรรมสำคัญ", 32),
    Column("description", "รายละเอียด", 30),
    Column("start", "วันเริ่ม", 12),
    Column("end", "วันสิ้นสุด", 12),
    Column("responsible", "หน่วยงานรับผิดชอบ", 28),
    Column("partners", "ภาคีร่วมดำเนินการ", 28),
    Column("target_group", "กลุ่มเป้าหมาย", 20),
    Column("participants", "จำนวนผู้เข้าร่วม (คน)", 12),
    Column("virtues", "คุณธรรมเป้าหมาย", 20),
    Column("strategy", "ยุทธศาสตร์ที่", 10),
    Column("status", "สถานะกิจกรรม", 14),
    Column("source", "แหล่งงบประมาณ", 26),
    Column("amount", "จำนวนเงิน (บาท)", 16),
    Column("budget_state", "สถานะงบประมาณ", 14),
    Column("note", "หมายเหตุงบประมาณ", 20),
]
LIST_SEPARATOR = "; "
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def sheet_title(plan: Plan) -> str:
    """A sheet name within Excel's 31 characters, unique within one province's workbook."""
    if plan.level == Level.NETWORK:
        return f"เครือข่าย {plan.network.number}"  # type: ignore[union-attr]
    if plan.level == Level.ORGANISATION:
        return f"องค์กร {plan.organisation_id}"
    return "ภาพรวมจังหวัด"


def export_workbook(plans: list[Plan], province_name: str, fiscal_year: int) -> bytes:
    """Write the summary sheet and one sheet per plan; return the .xlsx file's bytes."""
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    _write_summary(summary, plans, province_name, fiscal_year)
    for plan in plans:
        _write_plan(book.create_sheet(sheet_title(plan)), plan)
    return workbook_bytes(book)


def _write_summary(ws: Any, plans: list[Plan], province_name: str, fiscal_year: int) -> None:
    ws.append(["แผนการขับเคลื่อนจังหวัดคุณธรรม", province_name])
    ws.append(["ปีงบประมาณ", fiscal_year])
    ws.append([])
    _header(ws, ["แผ่นงาน", "ระดับ", "หน่วย", "ชื่อแผน", "สถานะ", "จำนวนกิจกรรม", "งบประมาณรวม (บาท)"])
    for plan in plans:
        ws.append(
            [
                sheet_title(plan),
                LEVEL_LABELS[Level(plan.level)],
                plan.unit_name,
                plan.title,
                plan.get_status_display(),
                plan.activities.count(),
                float(plan.budget_total()),
            ]
        )
    ws.append([])
    _header(ws, ["แหล่งงบประมาณ", "งบประมาณรวม (บาท)"])
    lines = BudgetLine.objects.filter(activity__plan__in=plans)
    for row in lines.values("source__name_th").annotate(t=Sum("amount")).order_by("source__order"):
        ws.append([row["source__name_th"], float(row["t"])])
    for letter, width in zip("ABCDEFG", [16, 12, 36, 40, 12, 12, 18], strict=True):
        ws.column_dimensions[letter].width = width


def _header(ws: Any, labels: list[str]) -> None:
    ws.append(labels)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_plan(ws: Any, plan: Plan) -> None:
    block = [
        plan.title,
        LEVEL_LABELS[Level(plan.level)],
        plan.unit_name,
        plan.fiscal_year,
        plan.get_status_display(),
    ]
    for label, value in zip(BLOCK_LABELS, block, strict=True):
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    _header(ws, [c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for row in plan_rows(plan):
        ws.append([row[c.key] for c in COLUMNS])
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def plan_rows(plan: Plan) -> list[dict[str, Any]]:
    """The plan as table rows, one per budget line, in the order of the template."""
    rows = []
    activities = plan.activities.select_related("goal", "responsible", "strategy").prefetch_related(
        "partners", "virtues", "budget_lines__source"
    )
    for activity in activities.order_by("goal__number", "number"):
        base = _activity_cells(activity)
        lines = list(activity.budget_lines.all())
        rows.extend([base | _line_cells(line) for line in lines] or [base | _line_cells(None)])
    return rows


def _activity_cells(activity: Any) -> dict[str, Any]:
    return {
        "goal_no": activity.goal.number,
        "goal": activity.goal.text,
        "no": activity.number,
        "title": activity.title,
        "description": activity.description,
        "start": format_numeric_date(activity.start),
        "end": format_numeric_date(activity.end),
        "responsible": activity.responsible.name_th,
        "partners": LIST_SEPARATOR.join(sorted(p.name_th for p in activity.partners.all())),
        "target_group": activity.target_group,
        "participants": activity.expected_participants,
        "virtues": LIST_SEPARATOR.join(v.name_th for v in activity.virtues.all()),
        "strategy": activity.strategy.number if activity.strategy else None,
        "status": activity.get_status_display(),
    }


def _line_cells(line: BudgetLine | None) -> dict[str, Any]:
    if line is None:
        return {"source": None, "amount": None, "budget_state": None, "note": None}
    return {
        "source": line.source.name_th,
        "amount": float(line.amount) if line.amount % 1 else int(line.amount),
        "budget_state": line.get_state_display(),
        "note": line.note,
    }
