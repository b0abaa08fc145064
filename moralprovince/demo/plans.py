"""Surat Thani's FY2564 commitments and plans, loaded through the plan services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from moralprovince.accounts.access import SYSTEM
from moralprovince.demo import data
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Declaration, FundingSource, Goal, Plan, TargetVirtue
from moralprovince.plans.services import (
    ActivityInput,
    BudgetLineInput,
    DeclarationInput,
    GoalInput,
    TargetVirtueInput,
)

FY = 2564


def load_plans_2564(province: Any, programme_secretariat: Any, networks: list[Any]) -> None:
    """Create the declaration, target virtue and plans of FY2564 where missing."""
    if not Declaration.objects.filter(province=province, fiscal_year=FY, network=None).exists():
        values: dict[str, Any] = dict(data.DECLARATION_84_2564)
        values["declared_on"] = dt.date(*values["declared_on"])
        services.create_declaration(
            actor=SYSTEM,
            unit=Unit(province.pk),
            fiscal_year=FY,
            data=DeclarationInput.from_data(values),
        )
    if not TargetVirtue.objects.filter(province=province, fiscal_year=FY, network=None).exists():
        values = dict[str, Any](data.TARGET_84_2564)
        values["virtues"] = Virtue.objects.filter(code__in=values["virtues"])
        services.create_target_virtue(
            actor=SYSTEM,
            unit=Unit(province.pk),
            fiscal_year=FY,
            data=TargetVirtueInput.from_data(values),
        )
    title, goal, activities = data.OVERALL_PLAN_84_2564
    _plan(province, None, title, goal, activities, programme_secretariat, "approved")
    for network in networks:
        goal, network_activities = data.NETWORK_PLANS_84_2564[network.number]
        title = f"แผนการขับเคลื่อน{network.name_th} ปีที่ 2"
        status = data.NETWORK_PLAN_STATUS_2564[network.number]
        _plan(province, network, title, goal, network_activities, network.chair, status)


def _plan(
    province: Any,
    network: Any,
    title: str,
    goal_text: str,
    activities: list[Any],
    responsible: Any,
    status: str,
) -> None:
    if Plan.objects.filter(
        province=province, fiscal_year=FY, network=network, organisation=None
    ).exists():
        return
    plan = services.create_plan(
        actor=SYSTEM, unit=Unit(province.pk, network), fiscal_year=FY, title=title
    )
    goal = services.create_goal(actor=SYSTEM, plan=plan, data=GoalInput(number=1, text=goal_text))
    for spec in activities:
        _activity(plan, goal, responsible, spec)
    if status in ("submitted", "approved"):
        services.submit_plan(actor=SYSTEM, plan=plan)
    if status == "approved":
        services.approve_plan(actor=SYSTEM, plan=plan)


def _activity(plan: Plan, goal: Goal, responsible: Any, spec: tuple[Any, ...]) -> None:
    title, start, end, group, people, virtues, strategy, lines = spec
    activity = services.create_activity(
        actor=SYSTEM,
        plan=plan,
        data=ActivityInput(
            goal=goal,
            title=title,
            start=dt.date(*start),
            end=dt.date(*end),
            responsible=responsible,
            target_group=group,
            expected_participants=people,
            strategy=Strategy.objects.get(master_plan__start_year=2559, number=strategy),
            virtues=list(Virtue.objects.filter(code__in=virtues)),
        ),
    )
    for source, amount, state in lines:
        services.create_budget_line(
            actor=SYSTEM,
            activity=activity,
            data=BudgetLineInput(
                source=FundingSource.objects.get(code=source), amount=Decimal(amount), state=state
            ),
        )
