"""Surat Thani's commitments and plans of FY2563–2565, loaded through the plan services.

Each piece is made only where it is missing, so loading again changes nothing and a demo
loaded by an earlier version gains the years it lacked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from moralprovince.accounts.access import SYSTEM
from moralprovince.demo import years
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.lib.fiscal import fiscal_year_bounds
from moralprovince.organisations.models import Network, Organisation
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import (
    Activity,
    ActivityStatus,
    Declaration,
    FundingSource,
    Goal,
    Plan,
    PlanEvent,
    TargetVirtue,
)
from moralprovince.plans.services import (
    ActivityInput,
    BudgetLineInput,
    DeclarationInput,
    GoalInput,
    TargetVirtueInput,
)

# Postponed by a revision of the approved plan: the Delta wave of August 2021 stopped it.
POSTPONED_2564 = "สมัชชาคุณธรรมจังหวัดและตลาดนัดคุณธรรม"
REVISION_REASON = "เลื่อนการจัดสมัชชาคุณธรรมจังหวัดเนื่องจากสถานการณ์การระบาดของโควิด-19 (ข้อมูลตัวอย่าง)"


def load_plans(province: Any, secretariat: Organisation, networks: list[Network]) -> None:
    """Create each year's declaration, target virtue and plans, and the organisations' plans."""
    for year in years.YEARS:
        _commitments(province, year)
        _year_plans(province, year, secretariat, networks)
    for key, fiscal_year, goal, signed, activities in years.ORGANISATION_PLANS:
        organisation = demo_organisation(key, secretariat, networks)
        _organisation_plan(province, fiscal_year, organisation, goal, signed, activities)
    _postpone_2564_assembly(province)


def _year_plans(
    province: Any, year: years.Year, secretariat: Organisation, networks: list[Network]
) -> None:
    """The overall plan, kept by the secretariat, and each network's, led by its chair."""
    fy = year.fiscal_year
    title, goal, activities = year.overall
    _plan(province, fy, Unit(province.pk), title, goal, activities, secretariat)
    _review(province, fy, Unit(province.pk), "approved")
    for network in networks:
        goal, network_activities = year.networks[network.number]
        title = f"แผนการขับเคลื่อน{network.name_th} ปีที่ {year.number}"
        unit = Unit(province.pk, network)
        chair = network.chair or secretariat
        _plan(province, fy, unit, title, goal, network_activities, chair)
        _review(province, fy, unit, year.statuses[network.number])


def demo_organisation(key: str, secretariat: Organisation, networks: list[Network]) -> Organisation:
    """The organisation the demo's organisation-level rows belong to, by its role in the story."""
    if key == "culture-office":
        return secretariat
    number = {"cooperative": 2, "school": 3, "temple": 4, "health": 8}[key]
    organisation = networks[number - 1].members.filter(is_sample=True).order_by("pk").first()
    assert organisation is not None
    return organisation


def _commitments(province: Any, year: years.Year) -> None:
    fy = year.fiscal_year
    unit = Unit(province.pk)
    own = {"province": province, "fiscal_year": fy, "network": None, "organisation": None}
    if not Declaration.objects.filter(**own).exists():
        values: dict[str, Any] = dict(year.declaration)
        values["declared_on"] = dt.date(*values["declared_on"])
        services.create_declaration(
            actor=SYSTEM, unit=unit, fiscal_year=fy, data=DeclarationInput.from_data(values)
        )
    if not TargetVirtue.objects.filter(**own).exists():
        values = dict(year.target)
        values["virtues"] = list(Virtue.objects.filter(code__in=values["virtues"]))
        services.create_target_virtue(
            actor=SYSTEM, unit=unit, fiscal_year=fy, data=TargetVirtueInput.from_data(values)
        )


def _organisation_plan(
    province: Any,
    fiscal_year: int,
    organisation: Organisation,
    goal: str,
    signed: tuple[int, int, int, int],
    activities: list[Any],
) -> None:
    unit = Unit(province.pk, organisation=organisation)
    if not Declaration.objects.filter(organisation=organisation, fiscal_year=fiscal_year).exists():
        executives_signed, executives_total, members_signed, members_total = signed
        first_activity = min(dt.date(*a[1]) for a in activities)
        values = DeclarationInput(
            text=f"{organisation.name_th} ประกาศเจตนารมณ์เป็นองค์กรคุณธรรม{years.SAMPLE}",
            declared_on=max(
                first_activity - dt.timedelta(days=14), fiscal_year_bounds(fiscal_year)[0]
            ),
            executives_signed=executives_signed,
            executives_total=executives_total,
            members_signed=members_signed,
            members_total=members_total,
        )
        services.create_declaration(actor=SYSTEM, unit=unit, fiscal_year=fiscal_year, data=values)
    title = f"แผนส่งเสริมคุณธรรมของ{organisation.name_th} ปี {fiscal_year}"
    _plan(province, fiscal_year, unit, title, goal, activities, organisation)
    _review(province, fiscal_year, unit, "approved")


def _unit_plans(province: Any, fiscal_year: int, unit: Unit) -> Any:
    return Plan.objects.filter(
        province=province,
        fiscal_year=fiscal_year,
        network=unit.network,
        organisation=unit.organisation,
    )


def _plan(
    province: Any,
    fiscal_year: int,
    unit: Unit,
    title: str,
    goal_text: str,
    activities: list[Any],
    responsible: Organisation,
) -> None:
    """A draft plan with its goal, activities and budget lines, unless the unit has one."""
    if _unit_plans(province, fiscal_year, unit).exists():
        return
    plan = services.create_plan(actor=SYSTEM, unit=unit, fiscal_year=fiscal_year, title=title)
    goal = services.create_goal(actor=SYSTEM, plan=plan, data=GoalInput(number=1, text=goal_text))
    for spec in activities:
        _activity(plan, goal, responsible, spec)


def _review(province: Any, fiscal_year: int, unit: Unit, status: str) -> None:
    """Take a new draft as far as the story has it: submitted, or submitted and approved."""
    plan = _unit_plans(province, fiscal_year, unit).get()
    if plan.status != "draft" or plan.events.exists():
        return
    if status in ("submitted", "approved"):
        services.submit_plan(actor=SYSTEM, plan=plan)
    if status == "approved":
        services.approve_plan(actor=SYSTEM, plan=plan)


def _activity(plan: Plan, goal: Goal, responsible: Any, spec: tuple[Any, ...]) -> None:
    title, start, end, group, people, virtues, strategy, lines = spec[:8]
    status = spec[8] if len(spec) > 8 else ActivityStatus.PLANNED
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
            status=status,
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


def _postpone_2564_assembly(province: Any) -> None:
    """Revise the approved FY2564 overall plan: the assembly is postponed, the baseline kept."""
    activity = Activity.objects.filter(
        province=province, plan__fiscal_year=2564, plan__network=None, title=POSTPONED_2564
    ).first()
    if activity is None or activity.status != ActivityStatus.PLANNED:
        return
    plan = activity.plan
    if plan.status != "approved" or plan.events.filter(action=PlanEvent.Action.REVISION).exists():
        return
    services.open_revision(actor=SYSTEM, plan=plan, reason=REVISION_REASON)
    data = ActivityInput.from_row(activity, status=ActivityStatus.POSTPONED)
    services.update_activity(actor=SYSTEM, activity=activity, data=data)
    services.submit_plan(actor=SYSTEM, plan=plan)
    services.approve_plan(actor=SYSTEM, plan=plan)
