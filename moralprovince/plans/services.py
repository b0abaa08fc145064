"""Writes to declarations, target virtues and plans, each checked and recorded in the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.audit.services import log_action, snapshot
from moralprovince.core import workflow
from moralprovince.lib.fiscal import fiscal_year_bounds
from moralprovince.lib.thaidate import format_date
from moralprovince.organisations.services import check_in_province, save_checked
from moralprovince.plans import access
from moralprovince.plans.models import (
    Activity,
    BudgetLine,
    Declaration,
    Goal,
    Plan,
    PlanEvent,
    TargetVirtue,
)

DECLARATION_FIELDS = [
    "text",
    "declared_on",
    "executives_signed",
    "executives_total",
    "members_signed",
    "members_total",
    "document",
]
TARGET_FIELDS = ["problem_to_solve", "good_to_do", "own_words"]
GOAL_FIELDS = ["number", "text"]
ACTIVITY_FIELDS = [
    "goal",
    "title",
    "description",
    "start",
    "end",
    "responsible",
    "target_group",
    "expected_participants",
    "strategy",
    "status",
]
BUDGET_FIELDS = ["source", "amount", "state", "note"]
CENTS = Decimal("0.01")


# --- checks shared by the services and the Excel import -------------------------------


def check_unit(province: Any, network: Any, organisation: Any) -> None:
    errors = {}
    if network is not None and network.province_id != province.pk:
        errors["network"] = _("This belongs to another province.")
    if organisation is not None and organisation.province_id != province.pk:
        errors["organisation"] = _("This belongs to another province.")
    if network is not None and organisation is not None:
        errors["organisation"] = _("Choose a network or an organisation, not both.")
    if errors:
        raise ValidationError(errors)


def date_errors(fiscal_year: int, start: Any, end: Any) -> dict[str, str]:
    """Messages for dates outside the fiscal year or an end before the start."""
    first, last = fiscal_year_bounds(fiscal_year)
    outside = _("This date is outside fiscal year %(fy)s (%(first)s – %(last)s).") % {
        "fy": fiscal_year,
        "first": format_date(first, short=True),
        "last": format_date(last, short=True),
    }
    errors = {}
    for name, day in (("start", start), ("end", end)):
        if day is not None and not first <= day <= last:
            errors[name] = outside
    if start and end and end < start and "end" not in errors:
        errors["end"] = _("The end date is before the start date.")
    return errors


def virtue_errors(fiscal_year: int, virtues: Iterable[Any]) -> list[str]:
    return [
        _("%(virtue)s is not a core virtue in fiscal year %(fy)s.")
        % {"virtue": v.name, "fy": fiscal_year}
        for v in virtues
        if not v.is_valid_in(fiscal_year)
    ]


def _require_draft(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("This plan is %(status)s and cannot be changed: open a revision first.")
            % {"status": plan.get_status_display()}
        )


def _log(actor: Actor, action: str, obj: Any, province_id: str, before=None, after=None) -> None:  # type: ignore[no-untyped-def]
    log_action(
        actor=actor, action=action, obj=obj, province_id=province_id, before=before, after=after
    )


# --- declarations and target virtues ---------------------------------------------------


@transaction.atomic
def save_declaration(
    *, actor: Actor, declaration: Declaration, data: dict[str, Any]
) -> Declaration:
    """Create or change a declaration of intent."""
    check_unit(declaration.province, declaration.network, declaration.organisation)
    created = declaration.pk is None
    before = {} if created else snapshot(declaration, DECLARATION_FIELDS)
    for name in DECLARATION_FIELDS:
        if name in data and not (name == "document" and data[name] is None):
            setattr(declaration, name, data[name])
    errors = date_errors(declaration.fiscal_year, declaration.declared_on, None)
    if errors:
        raise ValidationError({"declared_on": errors["start"]})
    save_checked(declaration)
    verb = "created" if created else "updated"
    after = snapshot(declaration, DECLARATION_FIELDS)
    _log(actor, f"plans.declaration.{verb}", declaration, declaration.province_id, before, after)
    return declaration


@transaction.atomic
def save_target_virtue(
    *, actor: Actor, target: TargetVirtue, data: dict[str, Any], virtues: Iterable[Any]
) -> TargetVirtue:
    """Create or change a target virtue, linked to core virtues valid in its year."""
    virtues = list(virtues)
    check_unit(target.province, target.network, target.organisation)
    problems = virtue_errors(target.fiscal_year, virtues)
    if problems:
        raise ValidationError({"virtues": problems})
    if not virtues:
        raise ValidationError({"virtues": _("Choose at least one core virtue.")})
    created = target.pk is None
    before = {} if created else snapshot(target, [*TARGET_FIELDS, "virtues"])
    for name in TARGET_FIELDS:
        if name in data:
            setattr(target, name, data[name])
    save_checked(target)
    target.virtues.set(virtues)
    verb = "created" if created else "updated"
    after = snapshot(target, [*TARGET_FIELDS, "virtues"])
    _log(actor, f"plans.target_virtue.{verb}", target, target.province_id, before, after)
    return target


@transaction.atomic
def delete_unit_row(*, actor: Actor, row: Declaration | TargetVirtue) -> None:
    """Delete a declaration or a target virtue."""
    _log(
        actor, f"plans.{row._meta.model_name}.deleted", row, row.province_id, before={"pk": row.pk}
    )
    row.delete()


# --- plans, goals, activities, budget lines --------------------------------------------


@transaction.atomic
def create_plan(
    *,
    actor: Actor,
    province: Any,
    fiscal_year: int,
    title: str,
    network: Any = None,
    organisation: Any = None,
) -> Plan:
    """Start a draft plan for a unit and a fiscal year."""
    check_unit(province, network, organisation)
    plan = Plan(
        province=province,
        network=network,
        organisation=organisation,
        fiscal_year=fiscal_year,
        title=title,
    )
    save_checked(plan, _("This unit already has a plan for this year."))
    _log(actor, "plans.plan.created", plan, province.pk, after={"title": title, "fy": fiscal_year})
    return plan


@transaction.atomic
def update_plan_title(*, actor: Actor, plan: Plan, title: str) -> Plan:
    _require_draft(plan)
    before = {"title": plan.title}
    plan.title = title
    save_checked(plan)
    _log(actor, "plans.plan.updated", plan, plan.province_id, before, {"title": title})
    return plan


@transaction.atomic
def save_goal(*, actor: Actor, goal: Goal, data: dict[str, Any]) -> Goal:
    """Create or change a goal of a draft plan."""
    _require_draft(goal.plan)
    created = goal.pk is None
    before = {} if created else snapshot(goal, GOAL_FIELDS)
    if created and not data.get("number"):
        data = {**data, "number": _next_number(goal.plan.goals)}
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    save_checked(goal, _("This plan already has a goal with this number."))
    verb = "created" if created else "updated"
    _log(
        actor,
        f"plans.goal.{verb}",
        goal,
        goal.plan.province_id,
        before,
        snapshot(goal, GOAL_FIELDS),
    )
    return goal


def _next_number(related: Any) -> int:
    return (related.aggregate(m=Max("number"))["m"] or 0) + 1


@transaction.atomic
def save_activity(
    *,
    actor: Actor,
    activity: Activity,
    data: dict[str, Any],
    partners: Iterable[Any] = (),
    virtues: Iterable[Any] = (),
) -> Activity:
    """Create or change a key activity, checking its dates, organisations and virtues."""
    plan = activity.plan
    _require_draft(plan)
    partners, virtues = list(partners), list(virtues)
    created = activity.pk is None
    fields = [*ACTIVITY_FIELDS, "partners", "virtues"]
    before = {} if created else snapshot(activity, fields)
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    activity.province_id = plan.province_id
    if created and not activity.number:
        activity.number = _next_number(plan.activities)
    _check_activity(activity, partners, virtues)
    save_checked(activity, _("This plan already has an activity with this number."))
    activity.partners.set(partners)
    activity.virtues.set(virtues)
    verb = "created" if created else "updated"
    after = snapshot(activity, fields)
    _log(actor, f"plans.activity.{verb}", activity, plan.province_id, before, after)
    return activity


def _check_activity(activity: Activity, partners: list[Any], virtues: list[Any]) -> None:
    plan = activity.plan
    errors: dict[str, Any] = date_errors(plan.fiscal_year, activity.start, activity.end)
    if activity.goal_id and activity.goal.plan_id != plan.pk:
        errors["goal"] = _("This goal belongs to another plan.")
    problems = virtue_errors(plan.fiscal_year, virtues)
    if problems:
        errors["virtues"] = problems
    try:
        check_in_province(
            plan.province_id,
            responsible=getattr(activity, "responsible", None),
            partners=partners,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def delete_activity(*, actor: Actor, activity: Activity) -> None:
    _require_draft(activity.plan)
    before = snapshot(activity, ["title", "start", "end"])
    _log(actor, "plans.activity.deleted", activity, activity.province_id, before=before)
    activity.delete()


@transaction.atomic
def delete_goal(*, actor: Actor, goal: Goal) -> None:
    """Delete a goal and its activities."""
    _require_draft(goal.plan)
    _log(actor, "plans.goal.deleted", goal, goal.plan.province_id, before={"text": goal.text})
    goal.delete()


@transaction.atomic
def save_budget_line(*, actor: Actor, line: BudgetLine, data: dict[str, Any]) -> BudgetLine:
    """Create or change a budget line of an activity in a draft plan."""
    _require_draft(line.activity.plan)
    created = line.pk is None
    before = {} if created else snapshot(line, BUDGET_FIELDS)
    for name in BUDGET_FIELDS:
        if name in data:
            setattr(line, name, data[name])
    line.province_id = line.activity.province_id
    if line.amount is not None and line.amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    save_checked(line)
    verb = "created" if created else "updated"
    after = snapshot(line, BUDGET_FIELDS)
    _log(actor, f"plans.budget_line.{verb}", line, line.province_id, before, after)
    return line


@transaction.atomic
def delete_budget_line(*, actor: Actor, line: BudgetLine) -> None:
    _require_draft(line.activity.plan)
    _log(
        actor,
        "plans.budget_line.deleted",
        line,
        line.province_id,
        before=snapshot(line, BUDGET_FIELDS),
    )
    line.delete()


# --- review ------------------------------------------------------------------------------


def _event(actor: Actor, plan: Plan, action: str, comment: str = "") -> None:
    PlanEvent.objects.create(plan=plan, action=action, comment=comment, actor=person(actor))
    _log(actor, f"plans.plan.{action}", plan, plan.province_id, after={"comment": comment})


def _set_status(plan: Plan, step: workflow.Step) -> None:
    workflow.move(plan, step)
    plan.save(update_fields=["status", "updated_at"])


@transaction.atomic
def submit_plan(*, actor: Actor, plan: Plan) -> Plan:
    """Send a draft plan for review."""
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one key activity before submitting."))
    _set_status(plan, workflow.Step.SUBMIT)
    _event(actor, plan, PlanEvent.Action.SUBMITTED)
    return plan


@transaction.atomic
def approve_plan(*, actor: Actor, plan: Plan) -> Plan:
    """Approve a submitted plan; the first approval is kept as the baseline."""
    access.require(actor, "plans.review", plan)
    _set_status(plan, workflow.Step.APPROVE)
    plan.version += 1
    if plan.baseline is None:
        plan.baseline = snapshot_plan(plan)
    plan.save(update_fields=["version", "baseline"])
    _event(actor, plan, PlanEvent.Action.APPROVED)
    return plan


@transaction.atomic
def return_plan(*, actor: Actor, plan: Plan, comment: str) -> Plan:
    """Send a submitted or approved plan back to its authors, saying why."""
    access.require(actor, "plans.review", plan)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    _set_status(plan, workflow.Step.RETURN)
    _event(actor, plan, PlanEvent.Action.RETURNED, comment.strip())
    return plan


@transaction.atomic
def open_revision(*, actor: Actor, plan: Plan, reason: str) -> Plan:
    """Reopen an approved plan for changes; the baseline stays as it was approved."""
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reason for the revision.")})
    _set_status(plan, workflow.Step.REOPEN)
    _event(actor, plan, PlanEvent.Action.REVISION, reason.strip())
    return plan


def snapshot_plan(plan: Plan) -> dict[str, Any]:
    """The plan's activities as approved: dates and budget per activity number."""
    activities = plan.activities.annotate(budget=Sum("budget_lines__amount")).order_by("number")
    return {
        "activities": {
            str(a.number): {
                "title": a.title,
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "budget": str((a.budget or Decimal(0)).quantize(CENTS)),
            }
            for a in activities
        },
        "total": str(plan.budget_total().quantize(CENTS)),
    }
