"""Reads for the round board, the national view and the public page: a fixed number of
grouped queries each, whatever the number of units."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from moralprovince.accounts.access import Actor
from moralprovince.assessments.access import assessments_visible_to, rounds_visible_to
from moralprovince.assessments.models import (
    LEVELS,
    Assessment,
    AssessmentStatus,
    EvaluatorAssignment,
    Level,
    Round,
    UnitType,
)
from moralprovince.organisations.models import Membership

PAGE_SIZE = 100


def small_int(text: str) -> int | None:
    """A row id or a year typed in an address, or None: more digits than any id has would
    overflow the database's integer."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


@dataclass(frozen=True)
class Filters:
    network: int | None = None
    district: str | None = None
    unit_type: str | None = None
    status: str | None = None

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        network = query.get("network", "")
        statuses = set(AssessmentStatus.values)
        return cls(
            network=small_int(network),
            district=(query.get("district") or "")[:6] or None,
            unit_type=query.get("type") if query.get("type") in UnitType.values else None,
            status=query.get("status") if query.get("status") in statuses else None,
        )

    def apply(self, qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
        if self.network is not None:
            members = Membership.objects.filter(network_id=self.network)
            qs = qs.filter(organisation_id__in=members.values("organisation_id"))
        if self.district:
            qs = qs.filter(district_id=self.district)
        if self.unit_type:
            qs = qs.filter(unit_type=self.unit_type)
        return qs


@dataclass
class Distribution:
    """Units at each level (approved or verified), by a grouping."""

    rows: list[dict[str, Any]] = field(default_factory=list)


def _levels_row(label: Any, counts: Counter[int]) -> dict[str, Any]:
    return {
        "label": label,
        "levels": [counts.get(level.value, 0) for level in (Level.NONE, *LEVELS)],
        "total": sum(counts.values()),
    }


def board_rows(actor: Actor, rnd: Round, filters: Filters) -> QuerySet[Assessment]:
    """The units of the round the person sees, filtered, with what the board shows."""
    rows = filters.apply(assessments_visible_to(actor).filter(round=rnd))
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows.select_related("organisation", "community", "district").order_by(
        "unit_type", "district_id", "pk"
    )


def status_counts(rows: QuerySet[Assessment]) -> list[tuple[Any, int]]:
    found = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    return [(s.label, found.get(s.value, 0)) for s in AssessmentStatus]


def _decided(rows: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return rows.filter(status__in=[AssessmentStatus.VERIFIED, AssessmentStatus.APPROVED])


def distribution_by_type(rows: QuerySet[Assessment]) -> list[dict[str, Any]]:
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    grouped = _decided(rows).order_by().values_list("unit_type", "level").annotate(n=Count("pk"))
    for unit_type, level, n in grouped:
        counts[unit_type][level] += n
    return [_levels_row(UnitType(t).label, c) for t, c in sorted(counts.items())]


def distribution_by_district(rows: QuerySet[Assessment]) -> list[dict[str, Any]]:
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    grouped = (
        _decided(rows).order_by().values_list("district__name_th", "level").annotate(n=Count("pk"))
    )
    for name, level, n in grouped:
        counts[name or "-"][level] += n
    return [_levels_row(name, c) for name, c in sorted(counts.items())]


def distribution_by_network(rows: QuerySet[Assessment], province_id: str) -> list[dict[str, Any]]:
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    network = "organisation__memberships__network__"
    grouped = (
        _decided(rows)
        .filter(**{f"{network}province_id": province_id})
        .order_by()
        .values_list(f"{network}number", f"{network}name_th", "level")
        .annotate(n=Count("pk"))
        .order_by(f"{network}number")
    )
    for _number, name, level, n in grouped:
        counts[name][level] += n
    return [_levels_row(name, c) for name, c in counts.items()]


def previous_round(rnd: Round) -> Round | None:
    return Round.objects.filter(
        province_id=rnd.province_id, fiscal_year=rnd.fiscal_year - 1
    ).first()


def _unit_key(unit_type: str, organisation: Any, community: Any, district: Any) -> tuple[Any, ...]:
    if unit_type == UnitType.ORGANISATION:
        return (unit_type, organisation)
    if unit_type == UnitType.COMMUNITY:
        return (unit_type, community)
    return (unit_type, district if unit_type == UnitType.DISTRICT else None)


def movement(rows: QuerySet[Assessment], previous: Round | None) -> dict[str, int] | None:
    """How many units approved in both years went up a level, stayed, or went down."""
    if previous is None:
        return None
    names = ("unit_type", "organisation_id", "community_id", "district_id", "level")
    approved = AssessmentStatus.APPROVED
    before = {
        _unit_key(*row[:4]): row[4]
        for row in Assessment.objects.filter(round=previous, status=approved).values_list(*names)
    }
    moves = {"up": 0, "same": 0, "down": 0}
    for row in rows.filter(status=approved).order_by().values_list(*names):
        old = before.get(_unit_key(*row[:4]))
        if old is None:
            continue
        moves["up" if row[4] > old else "down" if row[4] < old else "same"] += 1
    return moves


def national_distribution(fiscal_year: int | None) -> list[dict[str, Any]]:
    """Approved units at each level, by province, for a fiscal year (all years if None)."""
    qs = Assessment.objects.filter(status=AssessmentStatus.APPROVED)
    if fiscal_year:
        qs = qs.filter(round__fiscal_year=fiscal_year)
    counts: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    grouped = (
        qs.order_by()
        .values_list("province_id", "province__name_th", "level")
        .annotate(n=Count("pk"))
    )
    for code, name, level, n in grouped:
        counts[(code, name)][level] += n
    return [{**_levels_row(name, c), "code": code} for (code, name), c in sorted(counts.items())]


def public_results(province_id: str) -> dict[str, Any] | None:
    """The province's latest round with approved results: count at each level, and the
    approved model (level 3) organisations."""
    rnd = (
        Round.objects.filter(province_id=province_id, assessments__status=AssessmentStatus.APPROVED)
        .order_by("-fiscal_year")
        .first()
    )
    if rnd is None:
        return None
    approved = Assessment.objects.filter(round=rnd, status=AssessmentStatus.APPROVED)
    counts = dict(approved.order_by().values_list("level").annotate(n=Count("pk")))
    models = (
        approved.filter(unit_type=UnitType.ORGANISATION, level=Level.MODEL)
        .select_related("organisation")
        .order_by("organisation__sort_key")
    )
    return {
        "round": rnd,
        "levels": [(level.label, counts.get(level.value, 0)) for level in LEVELS],
        "models": [(a.organisation, a.outstanding) for a in models],
    }


def partner_evaluations(actor: Actor, partner: Any) -> list[EvaluatorAssignment]:
    """The evaluator assignments made for a partner, in the rounds the person sees."""
    return list(
        EvaluatorAssignment.objects.filter(partner=partner, round__in=rounds_visible_to(actor))
        .select_related("round", "evaluator", "network", "district")
        .order_by("-round__fiscal_year", "round_id", "pk")
    )
