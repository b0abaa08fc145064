"""Access to declarations, target virtues and plans, through the unit rules of
`organisations.access.unit_q`: a person sees a plan if they see its unit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.scope import scope_for
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.access import organisations_editable_by, unit_q
from moralprovince.plans.models import Activity, BudgetLine, Declaration, Goal, Plan, TargetVirtue

RULES: Rules = {
    # The province's admins (the secretariat) approve or return the plans of their province.
    "plans.review": lambda scope, plan: scope.can_admin_province(plan.province_id),
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def plans_visible_to(user: Any, write: bool = False) -> QuerySet[Plan]:
    return Plan.objects.filter(unit_q(user, write)).select_related(
        "province", "network", "organisation"
    )


def get_plan_for_user(user: Any, plan_id: Any, write: bool = False) -> Plan:
    return get_or_404(plans_visible_to(user, write), plan_id)


def get_goal_for_user(user: Any, goal_id: Any, write: bool = False) -> Goal:
    qs = Goal.objects.filter(plan__in=plans_visible_to(user, write)).select_related("plan")
    return get_or_404(qs, goal_id)


def get_activity_for_user(user: Any, activity_id: Any, write: bool = False) -> Activity:
    qs = Activity.objects.filter(plan__in=plans_visible_to(user, write)).select_related("plan")
    return get_or_404(qs, activity_id)


def get_budget_line_for_user(user: Any, line_id: Any, write: bool = False) -> BudgetLine:
    qs = BudgetLine.objects.filter(activity__plan__in=plans_visible_to(user, write))
    return get_or_404(qs.select_related("activity__plan"), line_id)


def declarations_visible_to(user: Any, write: bool = False) -> QuerySet[Declaration]:
    return Declaration.objects.filter(unit_q(user, write)).select_related(
        "province", "network", "organisation"
    )


def targets_visible_to(user: Any, write: bool = False) -> QuerySet[TargetVirtue]:
    return (
        TargetVirtue.objects.filter(unit_q(user, write))
        .select_related("province", "network", "organisation")
        .prefetch_related("virtues")
    )


def get_declaration_for_user(user: Any, pk: Any, write: bool = False) -> Declaration:
    return get_or_404(declarations_visible_to(user, write), pk)


def get_target_for_user(user: Any, pk: Any, write: bool = False) -> TargetVirtue:
    return get_or_404(targets_visible_to(user, write), pk)


def can_write_unit(
    user: Any, province_id: str, network: Any = None, organisation: Any = None
) -> bool:
    """Whether the person may create plans and commitments for this unit."""
    scope = scope_for(user)
    if scope.can_admin_province(province_id):
        return True
    if organisation is not None:
        return organisations_editable_by(user).filter(pk=organisation.pk).exists()
    return network is not None and network.pk in scope.coordinated_networks
