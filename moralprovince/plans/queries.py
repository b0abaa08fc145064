"""Reads for the province's integrated view: the timeline and the budget breakdowns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum

from moralprovince.lib.fiscal import fiscal_year_bounds
from moralprovince.organisations.models import unit_order
from moralprovince.plans.models import Activity, BudgetLine, BudgetState, Plan

FUNDED = [BudgetState.APPROVED, BudgetState.SPENT]


def fiscal_months(fiscal_year: int) -> list[dt.date]:
    """The first day of each month of a fiscal year, October to September."""
    first, _last = fiscal_year_bounds(fiscal_year)
    return [
        dt.date(first.year + (first.month + i - 1) // 12, (first.month + i - 1) % 12 + 1, 1)
        for i in range(12)
    ]


def month_span(start: dt.date, end: dt.date, months: list[dt.date]) -> list[bool]:
    """For each month of the year, whether the activity runs in it."""
    return [(start.year, start.month) <= (m.year, m.month) <= (end.year, end.month) for m in months]


@dataclass
class TimelineRow:
    activity: Activity
    unit: str
    cells: list[bool]
    budget: Decimal


def timeline_activities(plans: QuerySet[Plan]) -> QuerySet[Activity]:
    """The plans' key activities in the timeline's order (unit, then start), with budgets."""
    return (
        Activity.objects.filter(plan__in=plans)
        .select_related("plan__network", "plan__organisation", "plan__province", "responsible")
        .annotate(budget=Sum("budget_lines__amount"))
        .order_by(*unit_order("plan__"), "start", "number", "pk")
    )


def timeline(activities: Iterable[Activity], fiscal_year: int) -> list[TimelineRow]:
    """A timeline row (its unit, the months it spans, its budget) for each activity."""
    months = fiscal_months(fiscal_year)
    return [
        TimelineRow(a, a.plan.unit_name, month_span(a.start, a.end, months), a.budget or Decimal(0))  # type: ignore[attr-defined]
        for a in activities
    ]


def _by(lines: QuerySet[BudgetLine], key: str) -> list[dict[str, Any]]:
    return list(
        lines.values(label=F(key))
        .annotate(
            total=Sum("amount"),
            funded=Sum("amount", filter=Q(state__in=FUNDED)),
            spent=Sum("amount", filter=Q(state=BudgetState.SPENT)),
            lines=Count("pk"),
        )
        .order_by("label")
    )


def budget_breakdowns(plans: QuerySet[Plan]) -> dict[str, Any]:
    """Budget by funding source, by network, by virtue and by strategy, with the totals.

    An activity serving several virtues counts under each of them, so the by-virtue rows
    may add up to more than the total.
    """
    lines = BudgetLine.objects.filter(activity__plan__in=plans)
    totals = lines.aggregate(
        total=Sum("amount"),
        funded=Sum("amount", filter=Q(state__in=FUNDED)),
        spent=Sum("amount", filter=Q(state=BudgetState.SPENT)),
    )
    return {
        "totals": {k: v or Decimal(0) for k, v in totals.items()},
        "by_source": _by(lines, "source__name_th"),
        "by_network": _by(lines, "activity__plan__network__name_th"),
        "by_virtue": _by(lines, "activity__virtues__name_th"),
        "by_strategy": _by(lines, "activity__strategy__name_th"),
    }


def unfunded_activities(plans: QuerySet[Plan]) -> QuerySet[Activity]:
    """Activities with no approved or spent money yet, with what they have requested."""
    return (
        Activity.objects.filter(plan__in=plans)
        .annotate(
            funded=Sum("budget_lines__amount", filter=Q(budget_lines__state__in=FUNDED)),
            requested=Sum(
                "budget_lines__amount", filter=Q(budget_lines__state=BudgetState.REQUESTED)
            ),
        )
        .filter(funded__isnull=True)
        .select_related("plan__network", "plan__organisation", "plan__province")
        .order_by(*unit_order("plan__")[:1], "start")
    )


def baseline_comparison(plan: Plan) -> list[dict[str, Any]]:
    """Planned (the approved baseline) against revised (now), per activity number."""
    if not plan.baseline:
        return []
    planned = plan.baseline["activities"]
    current = {
        str(a.number): a
        for a in plan.activities.annotate(budget=Sum("budget_lines__amount")).order_by("number")
    }
    rows = []
    for number in sorted(set(planned) | set(current), key=int):
        before, now = planned.get(number), current.get(number)
        rows.append(
            {
                "number": int(number),
                "title": now.title if now else before["title"],
                "planned": _planned(before),
                "revised": _revised(now),
            }
        )
    return rows


def _planned(before: dict[str, str] | None) -> dict[str, Any] | None:
    if before is None:
        return None
    return {
        "start": dt.date.fromisoformat(before["start"]),
        "end": dt.date.fromisoformat(before["end"]),
        "budget": Decimal(before["budget"]),
    }


def _revised(now: Activity | None) -> dict[str, Any] | None:
    if now is None:
        return None
    return {"start": now.start, "end": now.end, "budget": now.budget or Decimal(0)}  # type: ignore[attr-defined]


def with_budget_total(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans with their budget total in the same query (read by `Plan.budget_total`)."""
    lines = (
        BudgetLine.objects.filter(activity__plan=OuterRef("pk"))
        .order_by()
        .values("activity__plan")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return plans.annotate(budget_sum=Subquery(lines))
