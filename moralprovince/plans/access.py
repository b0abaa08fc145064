"""Who may see and do what with declarations, target virtues and plans.

`RULES` is the one table of what a person may do. The `*_visible_to` and `get_*_for_user`
functions say what they may see, through the unit rules of `organisations.access.unit_q`:
a person sees a plan if they see its unit, and changes it if they write for its unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.access import get_programme_for_reader as get_programme_for_reader
from moralprovince.organisations.access import unit_q
from moralprovince.organisations.models import Membership, Network, Organisation
from moralprovince.plans.models import Activity, BudgetLine, Declaration, Goal, Plan, TargetVirtue


class UnitRow(Protocol):
    """A unit, or a row that belongs to one: a plan, a declaration, an indicator…"""

    @property
    def province_id(self) -> str: ...

    @property
    def network_id(self) -> int | None: ...

    @property
    def organisation_id(self) -> int | None: ...


@dataclass(frozen=True)
class Unit:
    """The province itself, or one of its networks or organisations, that rows belong to."""

    province_id: str
    network: Network | None = None
    organisation: Organisation | None = None

    @property
    def network_id(self) -> int | None:
        return self.network.pk if self.network is not None else None

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.pk if self.organisation is not None else None

    def row_fields(self) -> dict[str, Any]:
        """The unit's fields of a row that belongs to it."""
        return {
            "province_id": self.province_id,
            "network": self.network,
            "organisation": self.organisation,
        }

    def lies_in_its_province(self) -> bool:
        """Whether its network and organisation belong to its province."""
        parts = (self.network, self.organisation)
        return all(part is None or part.province_id == self.province_id for part in parts)


def edits_organisation(scope: Scope, organisation_id: int) -> bool:
    """Its reporters and the coordinators of its networks write for an organisation."""
    if organisation_id in scope.reported_organisations:
        return True
    return Membership.objects.filter(
        organisation_id=organisation_id, network_id__in=scope.coordinated_networks
    ).exists()


def writes_for(scope: Scope, unit: UnitRow) -> bool:
    """Province admins write for the whole province, coordinators for their network, and
    an organisation's reporters and coordinators for the organisation.

    A unit named in a request may pair a province with another province's network or
    organisation: rights in one province never reach such a unit. (Stored rows were
    checked when they were written.)
    """
    if isinstance(unit, Unit) and not unit.lies_in_its_province():
        return False
    if scope.can_admin_province(unit.province_id):
        return True
    if unit.organisation_id is not None:
        return edits_organisation(scope, unit.organisation_id)
    return unit.network_id is not None and unit.network_id in scope.coordinated_networks


def _writes_some_unit_in(scope: Scope, province_id: str) -> bool:
    """Admins of the province, coordinators of one of its networks, reporters of one of its
    organisations: each imports the rows of the units they write (the import checks each row)."""
    if scope.can_admin_province(province_id):
        return True
    networks = Network.objects.filter(pk__in=scope.coordinated_networks, province_id=province_id)
    organisations = Organisation.objects.filter(
        pk__in=scope.reported_organisations, province_id=province_id
    )
    return networks.exists() or organisations.exists()


RULES: Rules = {
    "plans.import": _writes_some_unit_in,
    # Plans and commitments of a unit (or of a unit about to get its first one).
    "plans.write": writes_for,
    # The province's admins (the secretariat) approve or return the plans of their province.
    "plans.review": lambda scope, plan: scope.can_admin_province(plan.province_id),
}


def can(actor: Actor, action: str, obj: object = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: object = None) -> None:
    enforce(RULES, actor, action, obj)


def reported_organisations(actor: Actor, province_id: str) -> QuerySet[Organisation]:
    """The organisations of a province the person reports for, and so plans for."""
    ids = scope_for(actor).reported_organisations
    return Organisation.objects.filter(pk__in=ids, province_id=province_id)


def plans_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[Plan]:
    return Plan.objects.filter(unit_q(actor, write)).select_related(
        "province", "network", "organisation"
    )


def get_plan_for_user(actor: Actor, plan_id: object, *, write: bool = False) -> Plan:
    return get_or_404(plans_visible_to(actor, write=write), plan_id)


def get_goal_for_user(actor: Actor, goal_id: object, *, write: bool = False) -> Goal:
    plans = plans_visible_to(actor, write=write)
    return get_or_404(Goal.objects.filter(plan__in=plans).select_related("plan"), goal_id)


def get_activity_for_user(actor: Actor, activity_id: object, *, write: bool = False) -> Activity:
    plans = plans_visible_to(actor, write=write)
    qs = Activity.objects.filter(plan__in=plans).select_related("plan")
    return get_or_404(qs, activity_id)


def get_budget_line_for_user(actor: Actor, line_id: object, *, write: bool = False) -> BudgetLine:
    qs = BudgetLine.objects.filter(activity__plan__in=plans_visible_to(actor, write=write))
    return get_or_404(qs.select_related("activity__plan"), line_id)


def declarations_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[Declaration]:
    return Declaration.objects.filter(unit_q(actor, write)).select_related(
        "province", "network", "organisation"
    )


def targets_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[TargetVirtue]:
    return (
        TargetVirtue.objects.filter(unit_q(actor, write))
        .select_related("province", "network", "organisation")
        .prefetch_related("virtues")
    )


def get_declaration_for_user(actor: Actor, pk: object, *, write: bool = False) -> Declaration:
    return get_or_404(declarations_visible_to(actor, write=write), pk)


def get_target_for_user(actor: Actor, pk: object, *, write: bool = False) -> TargetVirtue:
    return get_or_404(targets_visible_to(actor, write=write), pk)
