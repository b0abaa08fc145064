"""Survey results as a computed source of monitoring indicators: the share of surveyed
youth whose total life-assets score is in the best two grade bands (A or B: ≥ 70 % with
the reference bands), over the province's rounds that close in the period.

Only rounds whose province total is shown on the survey's pages count (at least the
minimum of respondents): the indicator and its records show no smaller group."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from moralprovince.lib.fiscal import period_bounds
from moralprovince.monitoring.sources import Source, register
from moralprovince.surveys.models import ResultCell
from moralprovince.surveys.results import minimum_group


def _cells(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    first, last = period_bounds(fiscal_year, period)
    return ResultCell.objects.filter(
        level="province",
        unit=indicator.province_id,
        sex=0,
        grade=0,
        domain=0,
        n__gte=minimum_group(),
        round__fiscal_year=fiscal_year,
        round__closes_on__range=(first, last),
    ).select_related("round")


def _share_top_two(cells: QuerySet[Any]) -> Decimal:
    totals = cells.aggregate(n=Sum("n"), top=Sum("band0") + Sum("band1"))
    if not totals["n"]:
        return Decimal(0)
    return (Decimal(totals["top"]) * 100 / Decimal(totals["n"])).quantize(Decimal("0.1"))


register(
    Source(
        key="survey_share_top_two_bands",
        label=_(
            "Youth survey: share of respondents with a total score in the best two grade bands (%)"
        ),
        records=_cells,
        figure=_share_top_two,
        columns=(
            (_("Survey round"), "round.name"),
            (_("Respondents"), "n"),
            (_("Band A"), "band0"),
            (_("Band B"), "band1"),
        ),
    )
)
