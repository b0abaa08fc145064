"""Named sources of computed indicator values: figures the system already knows.

Each source counts records of the indicator's unit in a period, and can list those very
records, so every computed figure links back to what it counts. Later capabilities
(surveys, assessments) add their own sources with `register`.

The figure counts every record of the unit; the list shows a reader only the records they
may open by the records' own rules (`visible`): a network's indicator counts its members'
plans, and a member's reporter sees the figure but not the other members' plans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from moralprovince.accounts.access import Actor
from moralprovince.lib.fiscal import period_bounds
from moralprovince.monitoring.access import reports_visible_to
from moralprovince.monitoring.models import ActivityReport
from moralprovince.organisations import access as organisations_access
from moralprovince.plans.access import declarations_visible_to, plans_visible_to
from moralprovince.plans.models import (
    Activity,
    ActivityStatus,
    BudgetLine,
    BudgetState,
    Declaration,
)


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    # The records counted for an indicator, fiscal year and period.
    records: Callable[[Any, int, str], QuerySet[Any]]
    # How the records become one figure.
    figure: Callable[[QuerySet[Any]], Decimal]
    # Columns shown on the records page: (heading, attribute path, dots for a related row's).
    columns: tuple[tuple[Any, str], ...]
    # The records, of those counted for an indicator, that a person may open. Unless a
    # source says otherwise, only those who read the whole province see its records.
    visible: Callable[[QuerySet[Any], Actor, Any], QuerySet[Any]] | None = None

    def records_for(
        self, actor: Actor, indicator: Any, fiscal_year: int, period: str
    ) -> QuerySet[Any]:
        """The records counted that the person may open."""
        records = self.records(indicator, fiscal_year, period)
        if self.visible is not None:
            return self.visible(records, actor, indicator)
        return _province_readers(records, actor, indicator)


def _province_readers(records: QuerySet[Any], actor: Actor, indicator: Any) -> QuerySet[Any]:
    reads = organisations_access.can(
        actor, "organisations.province.read_all", indicator.province_id
    )
    return records if reads else records.none()


def _visible_declarations(records: QuerySet[Any], actor: Actor, _indicator: Any) -> QuerySet[Any]:
    return records.filter(pk__in=declarations_visible_to(actor).values("pk"))


def _visible_activities(records: QuerySet[Any], actor: Actor, _indicator: Any) -> QuerySet[Any]:
    return records.filter(plan__in=plans_visible_to(actor).values("pk"))


def _visible_reports(records: QuerySet[Any], actor: Actor, _indicator: Any) -> QuerySet[Any]:
    return records.filter(pk__in=reports_visible_to(actor).values("pk"))


def _visible_lines(records: QuerySet[Any], actor: Actor, _indicator: Any) -> QuerySet[Any]:
    return records.filter(activity__plan__in=plans_visible_to(actor).values("pk"))


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.key] = source


def choices() -> list[tuple[str, Any]]:
    return [("", _("Typed in by people")), *[(s.key, s.label) for s in SOURCES.values()]]


def compute(indicator: Any, fiscal_year: int, period: str) -> Decimal:
    source = SOURCES[indicator.source]
    return source.figure(source.records(indicator, fiscal_year, period))


# --- which records belong to an indicator's unit ---------------------------------------------


def unit_plans_q(indicator: Any, prefix: str) -> Q:
    """Plans of the indicator's unit: province, network with its members, or organisation."""
    p = prefix
    q = Q(**{f"{p}province_id": indicator.province_id})
    if indicator.organisation_id:
        return q & Q(**{f"{p}organisation_id": indicator.organisation_id})
    if indicator.network_id:
        members = indicator.network.memberships.values("organisation_id")
        return q & (
            Q(**{f"{p}network_id": indicator.network_id})
            | Q(**{f"{p}organisation_id__in": members})
        )
    return q


def _declarations(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    first, last = period_bounds(fiscal_year, period)
    return (
        Declaration.objects.filter(unit_plans_q(indicator, ""), organisation__isnull=False)
        .filter(fiscal_year=fiscal_year, declared_on__range=(first, last))
        .select_related("organisation")
    )


def _activities(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    first, last = period_bounds(fiscal_year, period)
    return (
        Activity.objects.filter(unit_plans_q(indicator, "plan__"), plan__fiscal_year=fiscal_year)
        .filter(end__range=(first, last))
        .select_related("plan", "responsible")
    )


def _done(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    return _activities(indicator, fiscal_year, period).filter(status=ActivityStatus.DONE)


def _reports(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    first, last = period_bounds(fiscal_year, period)
    return (
        ActivityReport.objects.filter(unit_plans_q(indicator, "activity__plan__"))
        .filter(held_on__range=(first, last))
        .select_related("activity", "subdistrict")
    )


def _spent(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    first, last = period_bounds(fiscal_year, period)
    return (
        BudgetLine.objects.filter(
            unit_plans_q(indicator, "activity__plan__"), state=BudgetState.SPENT
        )
        .filter(activity__plan__fiscal_year=fiscal_year, activity__start__range=(first, last))
        .select_related("activity", "source")
    )


def _count(qs: QuerySet[Any]) -> Decimal:
    return Decimal(qs.aggregate(n=Count("pk"))["n"])


def _sum(field: str) -> Callable[[QuerySet[Any]], Decimal]:
    return lambda qs: Decimal(qs.aggregate(t=Sum(field))["t"] or 0)


def _average_share(qs: QuerySet[Any]) -> Decimal:
    shares = [d.signed_share for d in qs if d.signed_share is not None]
    return (
        (sum(shares, Decimal(0)) / len(shares)).quantize(Decimal("0.01")) if shares else Decimal(0)
    )


register(
    Source(
        "declared_organisations",
        _("Organisations that declared intent"),
        _declarations,
        _count,
        ((_("Organisation"), "organisation"), (_("Date declared"), "declared_on")),
        visible=_visible_declarations,
    )
)
register(
    Source(
        "declaration_signed_share",
        _("Average share of members who signed (%)"),
        _declarations,
        _average_share,
        ((_("Organisation"), "organisation"), (_("Share who signed"), "signed_share")),
        visible=_visible_declarations,
    )
)
register(
    Source(
        "activities_done",
        _("Key activities done"),
        _done,
        _count,
        ((_("Key activity"), "title"), (_("End date"), "end"), (_("Responsible"), "responsible")),
        visible=_visible_activities,
    )
)
register(
    Source(
        "activity_reports",
        _("Activity reports"),
        _reports,
        _count,
        (
            (_("Key activity"), "activity"),
            (_("Date held"), "held_on"),
            (_("Participants"), "participants"),
        ),
        visible=_visible_reports,
    )
)
register(
    Source(
        "participants",
        _("Participants in reported activities"),
        _reports,
        _sum("participants"),
        (
            (_("Key activity"), "activity"),
            (_("Date held"), "held_on"),
            (_("Participants"), "participants"),
        ),
        visible=_visible_reports,
    )
)
register(
    Source(
        "budget_spent",
        _("Budget spent (baht)"),
        _spent,
        _sum("amount"),
        (
            (_("Key activity"), "activity"),
            (_("Funding source"), "source"),
            (_("Amount (baht)"), "amount"),
        ),
        visible=_visible_lines,
    )
)
