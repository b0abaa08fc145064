"""Access to indicators, values, activity reports and visits, through the unit rules."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.scope import scope_for
from moralprovince.lib.lookup import get_or_404
from moralprovince.monitoring.models import (
    ActivityReport,
    Indicator,
    IndicatorValue,
    MonitoringVisit,
)
from moralprovince.organisations.access import organisations_editable_by, unit_q
from moralprovince.plans.access import plans_visible_to
from moralprovince.plans.models import Activity

RULES: Rules = {
    # The province's admins (the secretariat) approve or return values of its indicators.
    "monitoring.review": lambda scope, indicator: scope.can_admin_province(indicator.province_id),
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def indicators_visible_to(user: Any, write: bool = False) -> QuerySet[Indicator]:
    return Indicator.objects.filter(unit_q(user, write)).select_related(
        "province", "network", "organisation"
    )


def get_indicator_for_user(user: Any, pk: Any, write: bool = False) -> Indicator:
    return get_or_404(indicators_visible_to(user, write), pk)


def values_visible_to(user: Any, write: bool = False) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(
        indicator__in=indicators_visible_to(user, write)
    ).select_related("indicator", "reviewed_by", "entered_by")


def get_value_for_user(user: Any, pk: Any, write: bool = False) -> IndicatorValue:
    return get_or_404(values_visible_to(user, write), pk)


def activities_reportable_by(user: Any) -> QuerySet[Activity]:
    """Plan editors, and the reporters of the responsible organisation, report activities."""
    return Activity.objects.filter(
        Q(plan__in=plans_visible_to(user, write=True))
        | Q(responsible__in=organisations_editable_by(user))
    ).select_related("plan")


def reports_visible_to(user: Any) -> QuerySet[ActivityReport]:
    return ActivityReport.objects.filter(activity__plan__in=plans_visible_to(user)).select_related(
        "activity__plan", "subdistrict__district"
    )


def get_report_for_user(user: Any, pk: Any, write: bool = False) -> ActivityReport:
    qs = reports_visible_to(user)
    if write:
        qs = qs.filter(activity__in=activities_reportable_by(user))
    return get_or_404(qs, pk)


def visits_visible_to(user: Any, write: bool = False) -> QuerySet[MonitoringVisit]:
    """Visits are read by those who read the whole province and written by evaluators and admins."""
    scope = scope_for(user)
    qs = MonitoringVisit.objects.all()
    if scope.national:
        return qs
    if not write:
        return qs.filter(province_id__in=scope.read_provinces)
    return qs.filter(province_id__in=visit_writer_provinces(user))


def visit_writer_provinces(user: Any) -> set[str]:
    scope = scope_for(user)
    return set(scope.admin_provinces) | set(scope.evaluator_provinces)


def get_visit_for_user(user: Any, pk: Any, write: bool = False) -> MonitoringVisit:
    return get_or_404(visits_visible_to(user, write), pk)
