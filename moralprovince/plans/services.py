"""Writes to declarations, target virtues and plans, each checked and recorded in the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max, Model, ProtectedError, Sum
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.audit.services import log_action, snapshot, stored_snapshot
from moralprovince.core import workflow
from moralprovince.core.inputs import Input, assign, assign_many
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.lib.fiscal import fiscal_year_bounds
from moralprovince.lib.storage import files_removed_on_rollback, remove_after_commit
from moralprovince.lib.thaidate import format_date
from moralprovince.organisations.models import Network, Organisation
from moralprovince.organisations.queries import one_person_secretariat
from moralprovince.organisations.services import check_in_province, clean_and_save
from moralprovince.plans import access
from moralprovince.plans.access import Unit
from moralprovince.plans.models import (
    Activity,
    ActivityStatus,
    BudgetLine,
    BudgetState,
    Declaration,
    FundingSource,
    Goal,
    Plan,
    PlanEvent,
    TargetVirtue,
)

CENTS = Decimal("0.01")


# --- typed inputs ---------------------------------------------------------------------------


@dataclass(kw_only=True)
class DeclarationInput(Input):
    text: str
    declared_on: dt.date
    executives_signed: int = 0
    executives_total: int = 0
    members_signed: int = 0
    members_total: int = 0
    # A new signed document; None keeps the stored one and False removes it.
    document: File[Any] | Literal[False] | None = None


@dataclass(kw_only=True)
class TargetVirtueInput(Input):
    problem_to_solve: str
    good_to_do: str
    virtues: list[Virtue]
    own_words: str = ""


@dataclass(kw_only=True)
class GoalInput(Input):
    # None: the next number of the plan for a new goal, the same number for a goal kept.
    number: int | None = None
    text: str


@dataclass(kw_only=True)
class ActivityInput(Input):
    goal: Goal
    title: str
    description: str = ""
    start: dt.date
    end: dt.date
    responsible: Organisation
    partners: list[Organisation] = field(default_factory=list)
    target_group: str = ""
    expected_participants: int | None = None
    virtues: list[Virtue] = field(default_factory=list)
    strategy: Strategy | None = None
    status: str = ActivityStatus.PLANNED


@dataclass(kw_only=True)
class BudgetLineInput(Input):
    source: FundingSource
    amount: Decimal
    state: str = BudgetState.REQUESTED
    note: str = ""


# --- checks shared by the services and the Excel import -------------------------------


def check_unit(
    province_id: str, network: Network | None, organisation: Organisation | None
) -> None:
    errors = {}
    if network is not None and network.province_id != province_id:
        errors["network"] = _("This belongs to another province.")
    if organisation is not None and organisation.province_id != province_id:
        errors["organisation"] = _("This belongs to another province.")
    if network is not None and organisation is not None:
        errors["organisation"] = _("Choose a network or an organisation, not both.")
    if errors:
        raise ValidationError(errors)


def date_errors(fiscal_year: int, start: dt.date | None, end: dt.date | None) -> dict[str, str]:
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


def virtue_errors(fiscal_year: int, virtues: Iterable[Virtue]) -> list[str]:
    return [
        _("%(virtue)s is not a core virtue in fiscal year %(fy)s.")
        % {"virtue": v.name, "fy": fiscal_year}
        for v in virtues
        if not v.is_valid_in(fiscal_year)
    ]


def _check_editable(actor: Actor, plan: Plan) -> None:
    """The actor writes for the plan's unit, and the plan is a draft or was returned.

    The actor is then one of the people who entered this version of the plan, who may not
    approve it (`core.workflow.move`); the caller's transaction undoes that if its write fails.
    """
    access.require(actor, "plans.write", plan)
    if not plan.is_editable:
        raise ValidationError(
            _("This plan is %(status)s and cannot be changed: open a revision first.")
            % {"status": plan.get_status_display()}
        )
    _entered_by(actor, plan)


def _entered_by(actor: Actor, plan: Plan) -> None:
    user = person(actor)
    if user is not None:
        plan.entered_by.add(user)


def _log(
    actor: Actor,
    action: str,
    obj: Model,
    province_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    log_action(
        actor=actor, action=action, obj=obj, province_id=province_id, before=before, after=after
    )


def _verb(created: bool) -> str:
    return "created" if created else "updated"


def _delete(row: Model) -> None:
    """Delete a row, or refuse while records of a later stage (activity reports…) refer to
    it or to what would go with it: the database protects them, and this names them."""
    try:
        row.delete()
    except ProtectedError as error:
        counts: dict[str, int] = {}
        for record in error.protected_objects:
            name = str(record._meta.verbose_name_plural)
            counts[name] = counts.get(name, 0) + 1
        records = ", ".join(f"{name}: {n:,}" for name, n in counts.items())
        raise ValidationError(
            _(
                "“%(row)s” cannot be deleted: records refer to it (%(records)s). Delete or "
                "move those records first."
            )
            % {"row": row, "records": records}
        ) from None


# --- declarations and target virtues ---------------------------------------------------


def create_declaration(
    *, actor: Actor, unit: Unit, fiscal_year: int, data: DeclarationInput
) -> Declaration:
    """Record a unit's declaration of intent for a fiscal year."""
    declaration = Declaration(**unit.row_fields(), fiscal_year=fiscal_year)
    return _save_declaration(actor, declaration, data)


def update_declaration(
    *, actor: Actor, declaration: Declaration, data: DeclarationInput
) -> Declaration:
    """Change a declaration of intent; a replaced document is removed once this commits."""
    return _save_declaration(actor, declaration, data)


def _save_declaration(
    actor: Actor, declaration: Declaration, data: DeclarationInput
) -> Declaration:
    check_unit(declaration.province_id, declaration.network, declaration.organisation)
    access.require(actor, "plans.write", declaration)
    created = declaration.pk is None
    with files_removed_on_rollback() as stored:
        before = stored_snapshot(declaration, data.names())
        assign(declaration, data, skip=["document"])
        errors = date_errors(declaration.fiscal_year, declaration.declared_on, None)
        if errors:
            raise ValidationError({"declared_on": errors["start"]})
        if data.document is False:
            declaration.document = ""  # type: ignore[assignment]
        elif data.document is not None:
            stored.store(declaration.document, data.document)
        clean_and_save(declaration)
        _log_declaration(actor, declaration, data, before, created)
    return declaration


def _log_declaration(
    actor: Actor,
    declaration: Declaration,
    data: DeclarationInput,
    before: dict[str, Any],
    created: bool,
) -> None:
    old_name = before.get("document")
    if old_name and old_name != declaration.document.name:
        # The old file goes only once the change is committed, never before.
        transaction.on_commit(partial(declaration.document.storage.delete, old_name))
    after = snapshot(declaration, data.names())
    _log(
        actor,
        f"plans.declaration.{_verb(created)}",
        declaration,
        declaration.province_id,
        before,
        after,
    )


def create_target_virtue(
    *, actor: Actor, unit: Unit, fiscal_year: int, data: TargetVirtueInput
) -> TargetVirtue:
    """Set a unit's target virtue for a fiscal year, linked to core virtues valid in it."""
    target = TargetVirtue(**unit.row_fields(), fiscal_year=fiscal_year)
    return _save_target_virtue(actor, target, data)


def update_target_virtue(
    *, actor: Actor, target: TargetVirtue, data: TargetVirtueInput
) -> TargetVirtue:
    """Change a target virtue."""
    return _save_target_virtue(actor, target, data)


@transaction.atomic
def _save_target_virtue(
    actor: Actor, target: TargetVirtue, data: TargetVirtueInput
) -> TargetVirtue:
    check_unit(target.province_id, target.network, target.organisation)
    access.require(actor, "plans.write", target)
    problems = virtue_errors(target.fiscal_year, data.virtues)
    if problems:
        raise ValidationError({"virtues": problems})
    if not data.virtues:
        raise ValidationError({"virtues": _("Choose at least one core virtue.")})
    created = target.pk is None
    before = stored_snapshot(target, data.names())
    assign(target, data)
    clean_and_save(target)
    assign_many(target, data)
    after = snapshot(target, data.names())
    _log(actor, f"plans.target_virtue.{_verb(created)}", target, target.province_id, before, after)
    return target


@transaction.atomic
def delete_declaration(*, actor: Actor, declaration: Declaration) -> None:
    """Delete a declaration of intent; its document is removed once this commits."""
    access.require(actor, "plans.write", declaration)
    before = snapshot(declaration, DeclarationInput.names())
    _log(actor, "plans.declaration.deleted", declaration, declaration.province_id, before)
    remove_after_commit(declaration.document)
    declaration.delete()


@transaction.atomic
def delete_target_virtue(*, actor: Actor, target: TargetVirtue) -> None:
    """Delete a target virtue."""
    access.require(actor, "plans.write", target)
    before = snapshot(target, TargetVirtueInput.names())
    _log(actor, "plans.target_virtue.deleted", target, target.province_id, before)
    target.delete()


# --- plans, goals, activities, budget lines --------------------------------------------


@transaction.atomic
def create_plan(*, actor: Actor, unit: Unit, fiscal_year: int, title: str) -> Plan:
    """Start a draft plan for a unit and a fiscal year."""
    check_unit(unit.province_id, unit.network, unit.organisation)
    access.require(actor, "plans.write", unit)
    plan = Plan(**unit.row_fields(), fiscal_year=fiscal_year, title=title)
    clean_and_save(plan, _("This unit already has a plan for this year."))
    _entered_by(actor, plan)
    after = {"title": title, "fy": fiscal_year}
    _log(actor, "plans.plan.created", plan, unit.province_id, after=after)
    return plan


@transaction.atomic
def update_plan(*, actor: Actor, plan: Plan, title: str) -> Plan:
    """Rename a draft plan."""
    _check_editable(actor, plan)
    before = {"title": plan.title}
    plan.title = title
    clean_and_save(plan)
    _log(actor, "plans.plan.updated", plan, plan.province_id, before, {"title": title})
    return plan


def create_goal(*, actor: Actor, plan: Plan, data: GoalInput) -> Goal:
    """Add a goal to a draft plan, numbered after the others unless a number is given."""
    return _save_goal(actor, Goal(plan=plan), data)


def update_goal(*, actor: Actor, goal: Goal, data: GoalInput) -> Goal:
    """Change a goal of a draft plan."""
    return _save_goal(actor, goal, data)


@transaction.atomic
def _save_goal(actor: Actor, goal: Goal, data: GoalInput) -> Goal:
    _check_editable(actor, goal.plan)
    created = goal.pk is None
    before = stored_snapshot(goal, data.names())
    assign(goal, data)
    goal.number = data.number or before.get("number") or _next_number(goal.plan.goals)
    clean_and_save(goal, _("This plan already has a goal with this number."))
    after = snapshot(goal, data.names())
    _log(actor, f"plans.goal.{_verb(created)}", goal, goal.plan.province_id, before, after)
    return goal


def _next_number(related: Any) -> int:
    return int(related.aggregate(m=Max("number"))["m"] or 0) + 1


def create_activity(
    *, actor: Actor, plan: Plan, data: ActivityInput, number: int | None = None
) -> Activity:
    """Add a key activity to a draft plan, numbered after the others unless a number is given."""
    activity = Activity(plan=plan)
    if number is not None:
        activity.number = number
    return _save_activity(actor, activity, data)


def update_activity(*, actor: Actor, activity: Activity, data: ActivityInput) -> Activity:
    """Change a key activity of a draft plan."""
    return _save_activity(actor, activity, data)


@transaction.atomic
def _save_activity(actor: Actor, activity: Activity, data: ActivityInput) -> Activity:
    plan = activity.plan
    _check_editable(actor, plan)
    created = activity.pk is None
    before = stored_snapshot(activity, data.names())
    assign(activity, data)
    activity.province_id = plan.province_id
    if activity.number is None:
        activity.number = _next_number(plan.activities)
    _check_activity(activity, data)
    clean_and_save(activity, _("This plan already has an activity with this number."))
    assign_many(activity, data)
    after = snapshot(activity, data.names())
    _log(actor, f"plans.activity.{_verb(created)}", activity, plan.province_id, before, after)
    return activity


def _check_activity(activity: Activity, data: ActivityInput) -> None:
    plan = activity.plan
    errors: dict[str, Any] = date_errors(plan.fiscal_year, data.start, data.end)
    if data.goal.plan_id != plan.pk:
        errors["goal"] = _("This goal belongs to another plan.")
    problems = virtue_errors(plan.fiscal_year, data.virtues)
    if problems:
        errors["virtues"] = problems
    try:
        check_in_province(plan.province_id, responsible=data.responsible, partners=data.partners)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def delete_activity(*, actor: Actor, activity: Activity) -> None:
    """Delete a key activity of a draft plan, with its budget lines."""
    _check_editable(actor, activity.plan)
    before = snapshot(activity, ["title", "start", "end"])
    _log(actor, "plans.activity.deleted", activity, activity.province_id, before=before)
    _delete(activity)


@transaction.atomic
def delete_goal(*, actor: Actor, goal: Goal) -> None:
    """Delete a goal and its activities."""
    _check_editable(actor, goal.plan)
    _log(actor, "plans.goal.deleted", goal, goal.plan.province_id, before={"text": goal.text})
    _delete(goal)


def create_budget_line(*, actor: Actor, activity: Activity, data: BudgetLineInput) -> BudgetLine:
    """Add a budget line to an activity of a draft plan."""
    return _save_budget_line(actor, BudgetLine(activity=activity), data)


def update_budget_line(*, actor: Actor, line: BudgetLine, data: BudgetLineInput) -> BudgetLine:
    """Change a budget line of an activity of a draft plan."""
    return _save_budget_line(actor, line, data)


@transaction.atomic
def _save_budget_line(actor: Actor, line: BudgetLine, data: BudgetLineInput) -> BudgetLine:
    _check_editable(actor, line.activity.plan)
    created = line.pk is None
    before = stored_snapshot(line, data.names())
    if data.amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    assign(line, data)
    line.province_id = line.activity.province_id
    clean_and_save(line)
    after = snapshot(line, data.names())
    _log(actor, f"plans.budget_line.{_verb(created)}", line, line.province_id, before, after)
    return line


@transaction.atomic
def delete_budget_line(*, actor: Actor, line: BudgetLine) -> None:
    """Delete a budget line of an activity of a draft plan."""
    _check_editable(actor, line.activity.plan)
    before = snapshot(line, BudgetLineInput.names())
    _log(actor, "plans.budget_line.deleted", line, line.province_id, before=before)
    line.delete()


# --- review ------------------------------------------------------------------------------


def _review_step(
    actor: Actor, plan: Plan, step: workflow.Step, action: str, comment: str = ""
) -> None:
    """Move the plan one step, keep the step in its history and log the status it changed."""
    moved = workflow.move(
        plan,
        step,
        actor=actor,
        same_person_allowed=one_person_secretariat(plan.province_id),
    )
    before = {"status": moved.previous, "version": plan.version}
    if step is workflow.Step.APPROVE:
        plan.version += 1
        if plan.baseline is None:
            plan.baseline = snapshot_plan(plan)
    elif step is workflow.Step.REOPEN:
        # A revision is a new version: those who enter it are counted afresh.
        plan.entered_by.clear()
    elif step is workflow.Step.SUBMIT:
        # Whoever sent this version for review once, before it was returned and sent again
        # by someone else, stays one of its authors.
        _entered_by(actor, plan)
    plan.save(update_fields=[*moved.fields, "version", "baseline", "updated_at"])
    PlanEvent.objects.create(plan=plan, action=action, comment=comment, actor=person(actor))
    after = (
        {"status": plan.status, "version": plan.version}
        | ({"comment": comment} if comment else {})
        | moved.note()
    )
    _log(actor, f"plans.plan.{action}", plan, plan.province_id, before, after)


@transaction.atomic
def submit_plan(*, actor: Actor, plan: Plan) -> Plan:
    """Send a draft plan for review."""
    access.require(actor, "plans.write", plan)
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one key activity before submitting."))
    _review_step(actor, plan, workflow.Step.SUBMIT, PlanEvent.Action.SUBMITTED)
    return plan


@transaction.atomic
def approve_plan(*, actor: Actor, plan: Plan) -> Plan:
    """Approve a submitted plan; the first approval is kept as the baseline."""
    access.require(actor, "plans.review", plan)
    _review_step(actor, plan, workflow.Step.APPROVE, PlanEvent.Action.APPROVED)
    return plan


@transaction.atomic
def return_plan(*, actor: Actor, plan: Plan, comment: str) -> Plan:
    """Send a submitted or approved plan back to its authors, saying why."""
    access.require(actor, "plans.review", plan)
    comment = _comment(comment, _("Say what needs to change."))
    _review_step(actor, plan, workflow.Step.RETURN, PlanEvent.Action.RETURNED, comment)
    return plan


@transaction.atomic
def open_revision(*, actor: Actor, plan: Plan, reason: str) -> Plan:
    """Reopen an approved plan for changes; the baseline stays as it was approved."""
    access.require(actor, "plans.write", plan)
    reason = _comment(reason, _("Give the reason for the revision."))
    _review_step(actor, plan, workflow.Step.REOPEN, PlanEvent.Action.REVISION, reason)
    return plan


COMMENT_MAX_LENGTH = 5000


def _comment(value: object, when_empty: str) -> str:
    """A reviewer's comment as text, or a refusal naming the comment field."""
    if not isinstance(value, str) or "\x00" in value:
        raise ValidationError({"comment": _("Write the comment as text.")})
    if len(value) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _("Keep the comment within %(n)s characters.")
                % {"n": f"{COMMENT_MAX_LENGTH:,}"}
            }
        )
    if not value.strip():
        raise ValidationError({"comment": when_empty})
    return value.strip()


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
