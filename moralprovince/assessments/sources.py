"""The share of a unit's assessed units at each level, as computed indicator sources.

An indicator of the province counts every unit of its rounds; of a network, its member
organisations; of an organisation, itself. Only approved results count, of the round of
the indicator's fiscal year; assessments are yearly, so every period of the year gets the
year's figure.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from moralprovince.accounts.access import Actor
from moralprovince.assessments.access import assessments_visible_to
from moralprovince.assessments.models import LEVELS, Assessment, AssessmentStatus, UnitType
from moralprovince.monitoring.sources import Source, register


def _approved(indicator: Any, fiscal_year: int, _period: str) -> QuerySet[Any]:
    qs = Assessment.objects.filter(
        province_id=indicator.province_id,
        round__fiscal_year=fiscal_year,
        status=AssessmentStatus.APPROVED,
    ).exclude(unit_type=UnitType.PROVINCE)
    if indicator.organisation_id:
        qs = qs.filter(organisation_id=indicator.organisation_id)
    elif indicator.network_id:
        members = indicator.network.memberships.values("organisation_id")
        qs = qs.filter(organisation_id__in=members)
    return qs.select_related("organisation", "community", "district")


def _share_at(level: int) -> Callable[[QuerySet[Any]], Decimal]:
    def figure(qs: QuerySet[Any]) -> Decimal:
        counts = qs.aggregate(all=Count("pk"), at=Count("pk", filter=Q(level=level)))
        if not counts["all"]:
            return Decimal(0)
        return (Decimal(counts["at"]) * 100 / counts["all"]).quantize(Decimal("0.01"))

    return figure


def _visible(records: QuerySet[Any], actor: Actor, _indicator: Any) -> QuerySet[Any]:
    return records.filter(pk__in=assessments_visible_to(actor).values("pk"))


COLUMNS = (
    (_("Unit"), "unit_name"),
    (_("Unit type"), "get_unit_type_display"),
    (_("Level"), "get_level_display"),
)
LABELS = {
    1: _("Share of assessed units at level 1, promoting (%)"),
    2: _("Share of assessed units at level 2, moral (%)"),
    3: _("Share of assessed units at level 3, model (%)"),
}


def register_sources() -> None:
    for level in LEVELS:
        register(
            Source(
                f"assessment_level_{level.value}_share",
                LABELS[level.value],
                _approved,
                _share_at(level.value),
                COLUMNS,
                visible=_visible,
            )
        )
