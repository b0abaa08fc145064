"""Read a plan workbook, report every problem by sheet, row and column, and only then store.

Nothing is stored when any problem is found. The workbook is the one `excel.py` writes:
people fill it in Excel or LibreOffice, so dates may be date cells or text in the Buddhist
or the Christian Era, numbers may have Thai digits and thousands separators, and extra
columns are set aside with a notice rather than refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from moralprovince.accounts.access import Actor
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.lib.numbers import parse_amount
from moralprovince.lib.thaidate import arabic_digits, parse_date
from moralprovince.lib.thaitext import normalise
from moralprovince.lib.uploads import workbook_problems
from moralprovince.organisations.models import Level, Network, Organisation
from moralprovince.plans import access, services
from moralprovince.plans.access import Unit
from moralprovince.plans.excel import BLOCK_LABELS, COLUMNS, HEADER_ROW, LEVEL_LABELS, SUMMARY_SHEET
from moralprovince.plans.models import (
    Activity,
    ActivityStatus,
    BudgetState,
    FundingSource,
    Goal,
    Plan,
    PlanStatus,
)
from moralprovince.plans.services import ActivityInput, BudgetLineInput, GoalInput, date_errors

REQUIRED = {"goal_no", "goal", "no", "title", "start", "end", "responsible"}
BUDGET_KEYS = ("source", "amount", "budget_state", "note")


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}"
        if self.row:
            where += f" {_('row')} {self.row}"
        if self.column:
            where += f" {_('column')} {self.column}"
        return f"{where}: {self.message}"


@dataclass
class SheetPlan:
    sheet: str
    title: str
    network: Network | None
    organisation: Organisation | None
    plan: Plan | None
    goals: dict[int, str] = field(default_factory=dict)
    activities: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Where things are: each column's letter by key, and each goal's first row.
    letters: dict[str, str] = field(default_factory=dict)
    goal_rows: dict[int, int] = field(default_factory=dict)
    # Whether the sheet differs from the stored plan; an unchanged sheet is left alone.
    changed: bool = True


@dataclass
class ImportResult:
    plans: list[SheetPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.plans)

    @property
    def changed(self) -> list[SheetPlan]:
        """The sheets that change their plan: the only ones an import writes."""
        return [sheet for sheet in self.plans if sheet.changed]


class Lookups:
    """The province's organisations, funding sources, virtues and strategies, by name."""

    def __init__(self, province_id: str, fiscal_year: int) -> None:
        self.fiscal_year = fiscal_year
        self.organisations: dict[str, list[Organisation]] = {}
        for org in Organisation.objects.filter(province_id=province_id):
            self.organisations.setdefault(normalise(org.name_th), []).append(org)
        self.sources = _by_names(FundingSource.objects.all())
        self.virtues = _by_names(Virtue.objects.all())
        self.strategies = {
            s.number: s
            for s in Strategy.objects.filter(
                master_plan__start_year__lte=fiscal_year, master_plan__end_year__gte=fiscal_year
            )
        }


def _by_names(rows: Any) -> dict[str, Any]:
    found = {}
    for row in rows:
        for name in (row.name_th, row.name_en, row.code):
            if name:
                found[normalise(name)] = row
    return found


def _choices_by_label(choices: Any) -> dict[str, str]:
    """Accept a choice by its stored value or by its Thai or English label."""
    found = {}
    for language in ("th", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                found[normalise(str(value))] = value
                found[normalise(str(label))] = value
    return found


# --- cell readers: each returns a value or raises ValueError with the message ------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(_("Write a whole number."))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = arabic_digits(_text(value)).replace(",", "")
    if not text.isdigit():
        raise ValueError(_("Write a whole number."))
    return int(text)


def _count(value: Any, largest: int = 2**31 - 1) -> int:
    """A whole number from 0 that its column can hold (a goal or activity number, a count)."""
    number = _integer(value)
    if not 0 <= number <= largest:
        raise ValueError(_("Write a whole number from 0 to %(max)s.") % {"max": f"{largest:,}"})
    return number


def _number(value: Any) -> int:
    # Goal and activity numbers are small integers in the database.
    return _count(value, 32767)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(_text(value))
    except ValueError:
        raise ValueError(_("Write a date as day/month/year, for example 13/11/2563.")) from None


def _amount(value: Any) -> Any:
    try:
        amount = parse_amount(value)
    except ValueError:
        raise ValueError(_("Write an amount in baht, for example 15,000.")) from None
    if amount < 0:
        raise ValueError(_("An amount cannot be negative."))
    return amount.quantize(Decimal("0.01"))


def _names(value: Any) -> list[str]:
    text = _text(value).replace("\n", ";").replace(",", ";")
    return [part.strip() for part in text.split(";") if part.strip()]


# --- reading -------------------------------------------------------------------------------


def read_workbook(upload: Any, *, actor: Actor, province_id: str, fiscal_year: int) -> ImportResult:
    """Check every sheet and row; return the plans to store or the problems found."""
    result = ImportResult()
    result.problems += [Problem(_("file"), None, "", m) for m in workbook_problems(upload)]
    if result.problems:
        return result
    try:
        book = load_workbook(upload, data_only=True)
    except Exception:
        # A damaged file fails in openpyxl in many ways (a broken zip, a missing or
        # malformed XML part: BadZipFile, KeyError, ParseError, IndexError…): each of them
        # means the upload is not a workbook we can read.
        result.problems.append(
            Problem(_("file"), None, "", _("This is not an Excel workbook (.xlsx)."))
        )
        return result
    if SUMMARY_SHEET not in book.sheetnames:
        message = _("The sheet %(name)s is missing.") % {"name": SUMMARY_SHEET}
        result.problems.append(Problem(SUMMARY_SHEET, None, "", message))
    lookups = Lookups(province_id, fiscal_year)
    sheets = [name for name in book.sheetnames if name != SUMMARY_SHEET]
    if not sheets:
        result.problems.append(Problem(_("file"), None, "", _("The workbook has no plan sheet.")))
    for name in sheets:
        reader = SheetReader(book[name], lookups, province_id, fiscal_year, result)
        count = len(result.problems)
        sheet_plan = reader.read()
        if sheet_plan is not None:
            if _check_plan_access(sheet_plan, actor, province_id, result):
                _check_changes(sheet_plan, result, read_cleanly=len(result.problems) == count)
            result.plans.append(sheet_plan)
    return result


def _check_plan_access(
    sheet_plan: SheetPlan, actor: Actor, province_id: str, result: ImportResult
) -> bool:
    unit = Unit(province_id, sheet_plan.network, sheet_plan.organisation)
    if not access.can(actor, "plans.write", unit):
        message = _("You cannot change the plan of this unit.")
        result.problems.append(Problem(sheet_plan.sheet, 3, "B", message))
        return False
    return True


def _check_changes(sheet_plan: SheetPlan, result: ImportResult, *, read_cleanly: bool) -> None:
    """Note whether the sheet changes its plan; refuse each change to a plan under review.

    A submitted or approved plan is locked, but its unchanged sheet is nothing to do: the
    export of a whole year comes back in with those sheets as they were. Only a sheet whose
    rows all read can be compared: a bad row is reported as it is.
    """
    if not read_cleanly:
        return
    changes = plan_changes(sheet_plan)
    sheet_plan.changed = bool(changes)
    plan = sheet_plan.plan
    if plan is None or plan.is_editable:
        return
    for change in changes:
        result.problems.append(
            Problem(sheet_plan.sheet, change.row, change.column, _locked_message(plan, change))
        )


@dataclass(frozen=True)
class Change:
    """A place where a sheet differs from its stored plan."""

    row: int
    column: str
    # The number of a stored activity the sheet leaves out (importing would delete it).
    removed: int | None = None


def _locked_message(plan: Plan, change: Change) -> str:
    names = {"plan": plan.title, "n": change.removed}
    if change.removed is not None:
        what = _(
            "Activity %(n)s of the plan “%(plan)s” is not in this sheet: importing would delete it."
        )
    elif change.row == 1:
        what = _("This title differs from that of the plan “%(plan)s”.")
    else:
        what = _("This row changes the plan “%(plan)s”.")
    if plan.status == PlanStatus.SUBMITTED:
        remedy = _(
            "The plan is submitted for review and cannot be changed: ask the province to "
            "return it first, or put the sheet back as it was."
        )
    else:
        remedy = _(
            "The plan is approved and cannot be changed: open a revision of the plan first, "
            "or put the sheet back as it was."
        )
    return f"{what % names} {remedy}"


# Activity fields by the key of the column that holds them, where the two differ.
_FIELD_COLUMNS = {"goal": "goal_no", "expected_participants": "participants"}


def plan_changes(sheet: SheetPlan) -> list[Change]:
    """Where the sheet differs from its stored plan, in the order of the sheet; [] if nowhere.

    A new plan is one change. Goals without activities have no row in a sheet, so a stored
    goal missing from it is not a change (the import keeps such goals).
    """
    plan = sheet.plan
    if plan is None:
        return [Change(1, "B")]
    changes = [Change(1, "B")] if sheet.title != plan.title else []
    stored_goals = dict(plan.goals.values_list("number", "text"))
    for number, text in sheet.goals.items():
        if stored_goals.get(number) != text:
            changes.append(Change(sheet.goal_rows[number], sheet.letters.get("goal", "")))
    stored = {
        a.number: a
        for a in plan.activities.select_related("goal").prefetch_related(
            "partners", "virtues", "budget_lines"
        )
    }
    for number, data in sheet.activities.items():
        key = _changed_column(stored.get(number), data)
        if key is not None:
            changes.append(Change(data["row"], sheet.letters.get(key, "")))
    first_row = HEADER_ROW + 1
    changes += [Change(first_row, "", n) for n in sorted(stored) if n not in sheet.activities]
    return sorted(changes, key=lambda change: change.row)


def _changed_column(activity: Activity | None, data: dict[str, Any]) -> str | None:
    """The key of the first column where the sheet's rows change the activity, or None."""
    if activity is None:
        return "no"
    current = ActivityInput.from_row(activity)
    for name in ActivityInput.names():
        if name == "goal":
            differs = activity.goal.number != data["goal_no"]
        else:
            differs = _comparable(data[name]) != _comparable(getattr(current, name))
        if differs:
            return _FIELD_COLUMNS.get(name, name)
    have = [_line_key(x.source_id, x.amount, x.state, x.note) for x in activity.budget_lines.all()]
    if sorted(_wanted_lines(data["lines"])) != sorted(have):
        return "amount"
    return None


def _comparable(value: Any) -> Any:
    """Partners and virtues compare in any order."""
    return sorted(item.pk for item in value) if isinstance(value, list) else value


class SheetReader:
    def __init__(self, ws: Any, lookups: Lookups, province_id: str, fy: int, result: ImportResult):
        self.ws, self.lookups, self.province_id, self.fy = ws, lookups, province_id, fy
        self.result = result
        self.statuses = _choices_by_label(ActivityStatus)
        self.budget_states = _choices_by_label(BudgetState)

    def problem(self, row: int | None, column: str, message: str) -> None:
        self.result.problems.append(Problem(self.ws.title, row, column, message))

    def read(self) -> SheetPlan | None:
        count = len(self.result.problems)
        self._check_merged()
        sheet_plan = self._read_block()
        columns = self._read_header()
        if sheet_plan is None or columns is None:
            return None
        sheet_plan.letters = {key: get_column_letter(index) for key, index in columns.items()}
        for row_number, row in self._data_rows():
            self._read_row(sheet_plan, columns, row_number, row)
        if not sheet_plan.activities and len(self.result.problems) == count:
            self.problem(HEADER_ROW + 1, "", _("This sheet has no activity."))
        return sheet_plan

    def _check_merged(self) -> None:
        for merged in self.ws.merged_cells.ranges:
            if merged.max_row >= HEADER_ROW:
                message = _("Merged cells %(range)s: unmerge them and fill every cell.") % {
                    "range": merged.coord
                }
                self.problem(merged.min_row, get_column_letter(merged.min_col), message)

    def _read_block(self) -> SheetPlan | None:
        labels = [_text(self.ws.cell(i, 1).value) for i in range(1, 6)]
        if labels != BLOCK_LABELS:
            message = _("The header block is missing: cells A1 to A5 must read %(labels)s.") % {
                "labels": ", ".join(BLOCK_LABELS)
            }
            self.problem(1, "A", message)
            return None
        title = _text(self.ws["B1"].value)
        if not title:
            self.problem(1, "B", _("The plan needs a title."))
        self._check_year()
        network, organisation = self._read_unit()
        plan = self._existing_plan(network, organisation)
        return SheetPlan(self.ws.title, title, network, organisation, plan)

    def _check_year(self) -> None:
        try:
            year = _integer(self.ws["B4"].value)
        except ValueError:
            year = None
        if year is not None and year < 2400:
            year += 543
        if year != self.fy:
            message = _("The fiscal year must be %(fy)s.") % {"fy": self.fy}
            self.problem(4, "B", message)

    def _read_unit(self) -> tuple[Network | None, Organisation | None]:
        level = {normalise(v): k for k, v in LEVEL_LABELS.items()}.get(
            normalise(_text(self.ws["B2"].value))
        )
        name = normalise(_text(self.ws["B3"].value))
        if level is None:
            self.problem(2, "B", _("The level must be จังหวัด, เครือข่าย or องค์กร."))
            return None, None
        if level == Level.NETWORK:
            network = next(
                (
                    n
                    for n in Network.objects.filter(province_id=self.province_id)
                    if normalise(n.name_th) == name
                ),
                None,
            )
            if network is None:
                self.problem(3, "B", _("No network of this province has this name."))
            return network, None
        if level == Level.ORGANISATION:
            return None, self._organisation(3, "B", self.ws["B3"].value)
        return None, None

    def _organisation(self, row: int, column: str, value: Any) -> Organisation | None:
        matches = self.lookups.organisations.get(normalise(_text(value)), [])
        if len(matches) == 1:
            return matches[0]
        message = (
            _("Several organisations of this province have this name.")
            if matches
            else _("No organisation of this province has this name: %(name)s.")
            % {"name": _text(value)}
        )
        self.problem(row, column, message)
        return None

    def _existing_plan(self, network: Any, organisation: Any) -> Plan | None:
        return Plan.objects.filter(
            province_id=self.province_id,
            fiscal_year=self.fy,
            network=network,
            organisation=organisation,
        ).first()

    def _read_header(self) -> dict[str, int] | None:
        by_header = {normalise(c.header): c.key for c in COLUMNS}
        columns: dict[str, int] = {}
        for cell in self.ws[HEADER_ROW]:
            header = normalise(_text(cell.value))
            if not header:
                continue
            key = by_header.get(header)
            if key is None:
                self.result.notices.append(
                    _(
                        "%(sheet)s column %(column)s (%(header)s) is not part of the template "
                        "and was ignored."
                    )
                    % {
                        "sheet": self.ws.title,
                        "column": cell.column_letter,
                        "header": _text(cell.value),
                    }
                )
            elif key in columns:
                self.problem(HEADER_ROW, cell.column_letter, _("This column appears twice."))
            else:
                columns[key] = cell.column
        missing = [c.header for c in COLUMNS if c.key not in columns]
        if missing:
            message = _("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
            self.problem(HEADER_ROW, "", message)
            return None
        return columns

    def _data_rows(self) -> Any:
        for row in self.ws.iter_rows(min_row=HEADER_ROW + 1):
            if any(_text(cell.value) for cell in row):
                yield row[0].row, {cell.column: cell.value for cell in row}

    def _read_row(
        self, sheet_plan: SheetPlan, columns: dict[str, int], number: int, row: dict[int, Any]
    ) -> None:
        values = {key: row.get(index) for key, index in columns.items()}
        cells = sheet_plan.letters
        for key in REQUIRED:
            if not _text(values[key]):
                self.problem(number, cells[key], _("This cell is required."))
        if any(not _text(values[key]) for key in REQUIRED):
            return
        parsed = RowParser(self, number, cells).parse(values)
        if parsed is not None:
            self._add_row(sheet_plan, parsed, number, cells)

    def _add_row(
        self, sheet_plan: SheetPlan, parsed: dict[str, Any], number: int, cells: dict[str, str]
    ) -> None:
        goal_no, goal = parsed.pop("goal_no"), parsed.pop("goal")
        sheet_plan.goal_rows.setdefault(goal_no, number)
        if sheet_plan.goals.setdefault(goal_no, goal) != goal:
            self.problem(
                number,
                cells["goal"],
                _("Goal %(n)s has another text in an earlier row.") % {"n": goal_no},
            )
        line = parsed.pop("line")
        activity = sheet_plan.activities.get(parsed["number"])
        if activity is None:
            activity = sheet_plan.activities[parsed["number"]] = {
                **parsed,
                "goal_no": goal_no,
                "row": number,
                "lines": [],
            }
        elif activity["title"] != parsed["title"] or activity["goal_no"] != goal_no:
            message = _("Activity %(n)s has another title or goal in an earlier row.") % {
                "n": parsed["number"]
            }
            self.problem(number, cells["title"], message)
        if line is not None:
            activity["lines"].append(line)


class RowParser:
    """Turn one data row into activity fields and a budget line, noting each bad cell."""

    def __init__(self, reader: SheetReader, row: int, cells: dict[str, str]) -> None:
        self.reader, self.row, self.cells = reader, row, cells
        self.failed = False

    def cell(self, key: str, read: Any, value: Any) -> Any:
        try:
            return read(value)
        except ValueError as error:
            self.reader.problem(self.row, self.cells[key], str(error))
            self.failed = True
            return None

    def parse(self, v: dict[str, Any]) -> dict[str, Any] | None:
        lookups = self.reader.lookups
        start = self.cell("start", _date, v["start"])
        end = self.cell("end", _date, v["end"])
        for key, message in date_errors(self.reader.fy, start, end).items():
            self.reader.problem(self.row, self.cells[key], message)
            self.failed = True
        parsed = {
            "goal_no": self.cell("goal_no", _number, v["goal_no"]),
            "goal": _text(v["goal"]),
            "number": self.cell("no", _number, v["no"]),
            "title": _text(v["title"]),
            "description": _text(v["description"]),
            "start": start,
            "end": end,
            "responsible": self.cell("responsible", self._organisation, v["responsible"]),
            "partners": self.cell("partners", self._organisations, v["partners"]),
            "target_group": _text(v["target_group"]),
            "expected_participants": self.cell(
                "participants", _optional(_count), v["participants"]
            ),
            "virtues": self.cell("virtues", self._virtues, v["virtues"]),
            "strategy": self.cell("strategy", self._strategy, v["strategy"]),
            "status": self.cell("status", self._status, v["status"]),
            "line": self._line(v, lookups),
        }
        return None if self.failed else parsed

    def _organisation(self, value: Any) -> Organisation:
        matches = self.reader.lookups.organisations.get(normalise(_text(value)), [])
        if len(matches) != 1:
            message = (
                _("Several organisations of this province have this name.")
                if matches
                else _("No organisation of this province has this name: %(name)s.")
                % {"name": _text(value)}
            )
            raise ValueError(message)
        return matches[0]

    def _organisations(self, value: Any) -> list[Organisation]:
        return [self._organisation(name) for name in _names(value)]

    def _virtues(self, value: Any) -> list[Virtue]:
        found = []
        for name in _names(value):
            virtue = self.reader.lookups.virtues.get(normalise(name))
            if virtue is None:
                raise ValueError(_("%(name)s is not a core virtue.") % {"name": name})
            if not virtue.is_valid_in(self.reader.fy):
                raise ValueError(
                    _("%(virtue)s is not a core virtue in fiscal year %(fy)s.")
                    % {"virtue": virtue.name_th, "fy": self.reader.fy}
                )
            found.append(virtue)
        return found

    def _strategy(self, value: Any) -> Strategy | None:
        if not _text(value):
            return None
        strategy = self.reader.lookups.strategies.get(_integer(value))
        if strategy is None:
            raise ValueError(_("No master-plan strategy has this number in this fiscal year."))
        return strategy

    def _status(self, value: Any) -> str:
        if not _text(value):
            return ActivityStatus.PLANNED
        status = self.reader.statuses.get(normalise(_text(value)))
        if status is None:
            raise ValueError(_("Unknown activity status."))
        return status

    def _line(self, v: dict[str, Any], lookups: Lookups) -> dict[str, Any] | None:
        if not any(_text(v[key]) for key in BUDGET_KEYS):
            return None
        source = lookups.sources.get(normalise(_text(v["source"])))
        if source is None:
            self.reader.problem(self.row, self.cells["source"], _("Unknown funding source."))
            self.failed = True
        amount = self.cell("amount", _amount, v["amount"]) if _text(v["amount"]) else None
        if amount is None and not self.failed:
            self.reader.problem(self.row, self.cells["amount"], _("This cell is required."))
            self.failed = True
        state = self.reader.budget_states.get(normalise(_text(v["budget_state"])) or "requested")
        if state is None:
            self.reader.problem(self.row, self.cells["budget_state"], _("Unknown budget status."))
            self.failed = True
        return {"source": source, "amount": amount, "state": state, "note": _text(v["note"])}


def _optional(read: Any) -> Any:
    def reader(value: Any) -> Any:
        return read(value) if _text(value) else None

    return reader


# --- storing ---------------------------------------------------------------------------------


@transaction.atomic
def apply_import(
    *, actor: Actor, province: Any, fiscal_year: int, result: ImportResult
) -> list[Plan]:
    """Store a checked workbook: create or update each plan to match its sheet, all or nothing."""
    if not result.ok:
        raise ValidationError(_("The workbook has problems; nothing was stored."))
    return [_apply_sheet(actor, province, fiscal_year, sheet) for sheet in result.changed]


def _apply_sheet(actor: Actor, province: Any, fiscal_year: int, sheet: SheetPlan) -> Plan:
    plan = sheet.plan or services.create_plan(
        actor=actor,
        unit=Unit(province.pk, sheet.network, sheet.organisation),
        fiscal_year=fiscal_year,
        title=sheet.title,
    )
    if plan.title != sheet.title:
        services.update_plan(actor=actor, plan=plan, title=sheet.title)
    # A goal without activities has no row in the sheet: it is kept, not deleted.
    empty_goals = list(plan.goals.filter(activities__isnull=True).values_list("pk", flat=True))
    goals = _sync_goals(actor, plan, sheet.goals)
    for number, data in sheet.activities.items():
        _sync_activity(actor, plan, goals[data["goal_no"]], number, data)
    for activity in plan.activities.exclude(number__in=list(sheet.activities)):
        services.delete_activity(actor=actor, activity=activity)
    left_out = plan.goals.exclude(number__in=list(sheet.goals)).exclude(pk__in=empty_goals)
    for goal in left_out:
        services.delete_goal(actor=actor, goal=goal)
    return plan


def _sync_goals(actor: Actor, plan: Plan, texts: dict[int, str]) -> dict[int, Goal]:
    goals = {g.number: g for g in plan.goals.all()}
    for number, text in texts.items():
        data = GoalInput(number=number, text=text)
        goal = goals.get(number)
        if goal is None:
            goals[number] = services.create_goal(actor=actor, plan=plan, data=data)
        elif goal.text != text:
            services.update_goal(actor=actor, goal=goal, data=data)
    return goals


def _sync_activity(actor: Actor, plan: Plan, goal: Goal, number: int, data: dict[str, Any]) -> None:
    activity = plan.activities.filter(number=number).first()
    wanted = ActivityInput.from_data(data | {"goal": goal})
    if activity is None:
        activity = services.create_activity(actor=actor, plan=plan, data=wanted, number=number)
    elif _differs(wanted, ActivityInput.from_row(activity)):
        services.update_activity(actor=actor, activity=activity, data=wanted)
    _sync_lines(actor, activity, data["lines"])


def _differs(wanted: ActivityInput, current: ActivityInput) -> bool:
    """Whether the sheet changes the activity; partners and virtues in any order."""
    return any(
        _comparable(getattr(wanted, name)) != _comparable(getattr(current, name))
        for name in wanted.names()
    )


def _line_key(source_id: int, amount: Decimal, state: str, note: str) -> tuple[Any, ...]:
    return (source_id, Decimal(amount).quantize(Decimal("0.01")), state, note)


def _wanted_lines(lines: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [_line_key(x["source"].pk, x["amount"], x["state"], x["note"]) for x in lines]


def _sync_lines(actor: Actor, activity: Activity, lines: list[dict[str, Any]]) -> None:
    """Replace the activity's budget lines when the sheet's lines differ from them."""
    existing = list(activity.budget_lines.all())
    wanted = sorted(_wanted_lines(lines))
    have = sorted(_line_key(x.source_id, x.amount, x.state, x.note) for x in existing)
    if wanted == have:
        return
    for line in existing:
        services.delete_budget_line(actor=actor, line=line)
    for data in lines:
        services.create_budget_line(
            actor=actor, activity=activity, data=BudgetLineInput.from_data(data)
        )
