"""Who sees and does what in assessments.

- National staff keep the criteria, see every province, and verify and approve each
  province's own assessment.
- A province's admins (its secretariat and committee) open and run its rounds, see every
  unit, may enter a unit's self-assessment (from paper), verify, approve and reopen.
- An evaluator sees and verifies only the units of the networks and districts assigned to
  them in a round.
- A network's coordinator (and viewer) sees its member organisations' assessments.
- An organisation's reporter fills in its self-assessment; its viewer reads it.
- Anyone else, another province's people included, gets a 404.

`RULES` is the one table of what an actor may do; the `*_visible_to` and `get_*` helpers
are the one place that says what an actor may see. Pages, services and the API ask here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.models import User
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.assessments.models import (
    Assessment,
    CriteriaVersion,
    EvaluatorAssignment,
    Round,
    UnitType,
)
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.models import Membership


def _whole_provinces(scope: Scope) -> frozenset[str]:
    """Provinces whose every assessment the person sees: admins and province viewers.

    An evaluator reads the rest of a province as a whole, but of its assessments only those
    assigned to them.
    """
    return scope.admin_provinces | (scope.read_provinces - scope.evaluator_provinces)


def _fills(scope: Scope, assessment: Assessment) -> bool:
    if assessment.unit_type == UnitType.ORGANISATION and (
        assessment.organisation_id in scope.reported_organisations
    ):
        return True
    return scope.can_admin_province(assessment.province_id)


def _decides(scope: Scope, assessment: Assessment) -> bool:
    """Approving and reopening: the province's committee; national staff for the province."""
    if assessment.unit_type == UnitType.PROVINCE:
        return scope.national
    return scope.can_admin_province(assessment.province_id)


RULES: Rules = {
    "assessments.criteria.view": lambda scope, _obj: not scope.is_empty,
    "assessments.criteria.manage": lambda scope, _obj: scope.national,
    "assessments.national.view": lambda scope, _obj: scope.national,
    "assessments.round.create": lambda scope, province_id: scope.can_admin_province(province_id),
    "assessments.round.manage": lambda scope, rnd: scope.can_admin_province(rnd.province_id),
    "assessments.round.view": lambda scope, rnd: (
        scope.can_read_province(rnd.province_id) or rnd.province_id in scope.coordinator_provinces
    ),
    "assessments.assessment.fill": _fills,
    "assessments.assessment.decide": _decides,
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def can_verify(actor: Actor, assessment: Assessment) -> bool:
    """National staff verify a province's own assessment; the province's admins and the
    evaluators assigned to the unit verify the others."""
    scope = scope_for(actor)
    if assessment.unit_type == UnitType.PROVINCE:
        return scope.national
    if scope.can_admin_province(assessment.province_id):
        return True
    if assessment.province_id not in scope.evaluator_provinces:
        return False
    return assigned_to(actor).filter(pk=assessment.pk).exists()


# --- what a person sees ---------------------------------------------------------------------


def criteria_visible_to(actor: Actor) -> QuerySet[CriteriaVersion]:
    if not can(actor, "assessments.criteria.view"):
        return CriteriaVersion.objects.none()
    return CriteriaVersion.objects.all()


def rounds_visible_to(actor: Actor) -> QuerySet[Round]:
    scope = scope_for(actor)
    rounds = Round.objects.select_related("province")
    if scope.national:
        return rounds
    provinces = scope.read_provinces | scope.coordinator_provinces
    own = Assessment.objects.filter(organisation_id__in=scope.read_organisations)
    return rounds.filter(Q(province_id__in=provinces) | Q(pk__in=own.values("round_id")))


def rounds_managed_by(actor: Actor) -> QuerySet[Round]:
    scope = scope_for(actor)
    rounds = Round.objects.select_related("province")
    return rounds if scope.national else rounds.filter(province_id__in=scope.admin_provinces)


def assigned_to(actor: Actor) -> QuerySet[Assessment]:
    """The assessments in the networks and districts assigned to the person as evaluator."""
    scope = scope_for(actor)
    if not isinstance(actor, User) or not scope.evaluator_provinces:
        return Assessment.objects.none()
    assignments = EvaluatorAssignment.objects.filter(
        evaluator=actor, round__province_id__in=scope.evaluator_provinces
    ).values_list("round_id", "network_id", "district_id")
    q = Q(pk__in=[])
    for round_id, network_id, district_id in assignments:
        if network_id is not None:
            members = Membership.objects.filter(network_id=network_id).values("organisation_id")
            q |= Q(round_id=round_id, organisation_id__in=members)
        else:
            q |= Q(round_id=round_id, district_id=district_id)
    return Assessment.objects.filter(q).exclude(unit_type=UnitType.PROVINCE)


def assessments_visible_to(actor: Actor) -> QuerySet[Assessment]:
    scope = scope_for(actor)
    qs = Assessment.objects.all()
    if scope.national:
        return qs
    networks = Membership.objects.filter(network_id__in=scope.read_networks)
    q = (
        Q(province_id__in=_whole_provinces(scope))
        | Q(organisation_id__in=scope.read_organisations)
        | Q(organisation_id__in=networks.values("organisation_id"))
    )
    if scope.evaluator_provinces:
        q |= Q(pk__in=assigned_to(actor).values("pk"))
    return qs.filter(q)


def get_round(actor: Actor, pk: Any, manage: bool = False) -> Round:
    rounds = rounds_managed_by(actor) if manage else rounds_visible_to(actor)
    return get_or_404(rounds, pk)


def get_assessment(actor: Actor, pk: Any) -> Assessment:
    qs = assessments_visible_to(actor).select_related(
        "round", "province", "organisation", "community", "district", "version"
    )
    return get_or_404(qs, pk)


def get_version(actor: Actor, pk: Any) -> CriteriaVersion:
    return get_or_404(criteria_visible_to(actor), pk)
