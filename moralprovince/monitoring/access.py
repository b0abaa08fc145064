"""Who may see and do what with indicators, values, period locks, activity reports and visits.

`RULES` is the one table of what a person may do; the `*_visible_to` and `get_*_for_user`
functions say what they may see. Indicators belong to units, as plans do, and follow the
same unit rules.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.geo.models import Province
from moralprovince.lib.lookup import get_or_404
from moralprovince.monitoring.models import (
    ActivityReport,
    Indicator,
    IndicatorValue,
    MonitoringVisit,
    PeriodLock,
)
from moralprovince.organisations.access import (
    get_programme_for_reader as get_programme_for_reader,
)
from moralprovince.organisations.access import (
    organisations_editable_by,
    unit_q,
)
from moralprovince.organisations.models import Network, Organisation
from moralprovince.plans.access import edits_organisation, plans_visible_to, writes_for
from moralprovince.plans.models import Activity


def _reports_on(scope: Scope, activity: Activity) -> bool:
    """The plan's writers, and the people of the organisation responsible for the activity."""
    return writes_for(scope, activity.plan) or edits_organisation(scope, activity.responsible_id)


def _records_visits(scope: Scope, province_id: str) -> bool:
    """Evaluators (the academic partner) and admins record the province's visits."""
    return scope.can_admin_province(province_id) or province_id in scope.evaluator_provinces


RULES: Rules = {
    # An indicator of a unit, its targets and its values: those who write for the unit.
    "monitoring.write": writes_for,
    # The province's admins (the secretariat) approve or return values of its indicators.
    "monitoring.review": lambda scope, indicator: scope.can_admin_province(indicator.province_id),
    # Closing a period of the province, or opening it again: its admins.
    "monitoring.lock": lambda scope, province_id: scope.can_admin_province(province_id),
    # Reporting what happened at a key activity, or deleting such a report.
    "monitoring.report": _reports_on,
    "monitoring.record_visit": _records_visits,
    # Writing a recount over the kept totals of every province: the system and national admins.
    "monitoring.recount": lambda scope, _obj: scope.national,
}


def can(actor: Actor, action: str, obj: object = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: object = None) -> None:
    enforce(RULES, actor, action, obj)


def indicators_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[Indicator]:
    return Indicator.objects.filter(unit_q(actor, write)).select_related(
        "province", "network", "organisation"
    )


def get_indicator_for_user(actor: Actor, pk: object, *, write: bool = False) -> Indicator:
    return get_or_404(indicators_visible_to(actor, write=write), pk)


def _reads_everything(actor: Actor, write: bool) -> bool:
    """National staff read every indicator and plan: their values and reports need no filter
    through them, which would make the database walk every plan instead of the rows in order
    of their key (national lists of 1,000,000 reports)."""
    return scope_for(actor).national and not write


def values_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[IndicatorValue]:
    if _reads_everything(actor, write):
        qs = IndicatorValue.objects.all()
    else:
        qs = IndicatorValue.objects.filter(indicator__in=indicators_visible_to(actor, write=write))
    return qs.select_related("indicator", "reviewed_by", "entered_by")


def get_value_for_user(actor: Actor, pk: object, *, write: bool = False) -> IndicatorValue:
    return get_or_404(values_visible_to(actor, write=write), pk)


def locks_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[PeriodLock]:
    """Locks of the provinces the person belongs to; to lift one, of those they administer."""
    scope = scope_for(actor)
    qs = PeriodLock.objects.select_related("locked_by")
    if scope.national:
        return qs
    provinces = scope.admin_provinces if write else scope.member_provinces
    return qs.filter(province_id__in=provinces)


def get_lock_for_user(actor: Actor, pk: object, *, write: bool = False) -> PeriodLock:
    return get_or_404(locks_visible_to(actor, write=write), pk)


def activities_reportable_by(actor: Actor) -> QuerySet[Activity]:
    """Plan editors, and the reporters of the responsible organisation, report activities."""
    return Activity.objects.filter(
        Q(plan__in=plans_visible_to(actor, write=True))
        | Q(responsible__in=organisations_editable_by(actor))
    ).select_related("plan")


def reports_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[ActivityReport]:
    if _reads_everything(actor, write):
        qs = ActivityReport.objects.all()
    else:
        qs = ActivityReport.objects.filter(activity__plan__in=plans_visible_to(actor))
    if write:
        qs = qs.filter(activity__in=activities_reportable_by(actor))
    return qs.select_related("activity__plan", "subdistrict__district")


def get_report_for_user(actor: Actor, pk: object, *, write: bool = False) -> ActivityReport:
    return get_or_404(reports_visible_to(actor, write=write), pk)


def visit_provinces(actor: Actor) -> QuerySet[Province]:
    """The provinces whose visits the person records."""
    scope = scope_for(actor)
    if scope.national:
        return Province.objects.all()
    return Province.objects.filter(pk__in=scope.admin_provinces | scope.evaluator_provinces)


def visits_visible_to(actor: Actor, *, write: bool = False) -> QuerySet[MonitoringVisit]:
    """Visits are read by those who read the whole province, written by those who record them."""
    scope = scope_for(actor)
    qs = MonitoringVisit.objects.all()
    if scope.national:
        return qs
    if write:
        return qs.filter(province__in=visit_provinces(actor))
    return qs.filter(province_id__in=scope.read_provinces)


def get_visit_for_user(actor: Actor, pk: object, *, write: bool = False) -> MonitoringVisit:
    return get_or_404(visits_visible_to(actor, write=write), pk)


def people_answering_for(
    province_id: str, network: Network | None, organisation: Organisation | None
) -> QuerySet[User]:
    """Who answers for a unit's values and reports: an organisation's reporters, a network's
    coordinators, or, for the province itself, its admins."""
    if organisation is not None:
        roles = Role.objects.filter(organisation=organisation, kind=RoleKind.ORGANISATION_REPORTER)
    elif network is not None:
        roles = Role.objects.filter(network=network, kind=RoleKind.NETWORK_COORDINATOR)
    else:
        roles = Role.objects.filter(province_id=province_id, kind=RoleKind.PROVINCE_ADMIN)
    return User.objects.filter(pk__in=roles.values("user_id"))
