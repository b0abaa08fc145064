"""Results read from the result cells, with small groups suppressed.

A group of fewer than SURVEY_MIN_GROUP respondents (10 unless set) is never shown: not its
count, its scores nor its band shares. When exactly one group of a set of siblings (the
sexes, the grades, the districts of a province, the schools of a list) is hidden, the next
smallest is hidden too, so it cannot be worked out from the total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Sum

from moralprovince.surveys.models import MAX_BANDS, ResultCell
from moralprovince.surveys.spec import Spec

BANDS = [f"band{i}" for i in range(MAX_BANDS)]
# Cells summed over rounds (and, for the nation, provinces): aliases apart from the fields.
SUMS = {"n_sum": Sum("n"), "score": Sum("score_sum"), **{f"{b}_sum": Sum(b) for b in BANDS}}


def _counts(row: dict[str, Any]) -> dict[str, int]:
    return {"n": row["n_sum"], "score_sum": row["score"], **{b: row[f"{b}_sum"] for b in BANDS}}


def minimum_group() -> int:
    return int(getattr(settings, "SURVEY_MIN_GROUP", 10))


@dataclass
class Score:
    percent: float
    band: int  # the band of the mean percent
    shares: list[float]  # percent of respondents in each band


@dataclass
class Figure:
    key: Any
    label: str = ""
    n: int = 0
    scores: list[Score] = field(default_factory=list)  # total first, then each domain
    suppressed: bool = False

    @property
    def total(self) -> Score | None:
        return self.scores[0] if self.scores and not self.suppressed else None


def _figure(spec: Spec, key: Any, rows: dict[int, dict[str, int]]) -> Figure:
    figure = Figure(key=key, n=rows[0]["n"] if 0 in rows else 0)
    for domain in range(len(spec.domains) + 1):
        row = rows.get(domain)
        if not row or not row["n"]:
            figure.scores.append(Score(0.0, len(spec.bands) - 1, [0.0] * len(spec.bands)))
            continue
        percent = spec.percent(domain, row["score_sum"], row["n"])
        shares = [row[f"band{i}"] * 100 / row["n"] for i in range(len(spec.bands))]
        figure.scores.append(Score(percent, band_of(spec, percent), shares))
    return figure


def band_of(spec: Spec, percent: float) -> int:
    for index, band in enumerate(spec.bands):
        limit = float(band.min_percent)
        if percent > limit or (band.includes_min and percent >= limit):
            return index
    return len(spec.bands) - 1


def figures(
    spec: Spec, round_ids: list[int], level: str, units: list[str] | None = None, group: str = "all"
) -> dict[Any, Figure]:
    """Figures per unit (group "all"), or per sex or grade of each unit."""
    cells = ResultCell.objects.filter(round_id__in=round_ids, level=level)
    if units is not None:
        cells = cells.filter(unit__in=units)
    if group == "all":
        cells = cells.filter(sex=0, grade=0)
    elif group == "sex":
        cells = cells.filter(grade=0).exclude(sex=0)
    else:
        cells = cells.filter(sex=0).exclude(grade=0)
    rows = cells.values("unit", "sex", "grade", "domain").annotate(**SUMS)
    grouped: dict[Any, dict[int, dict[str, int]]] = defaultdict(dict)
    for row in rows:
        key = row["unit"] if group == "all" else (row["unit"], row[group])
        grouped[key][row["domain"]] = _counts(row)
    return {key: _figure(spec, key, domains) for key, domains in grouped.items()}


def figures_by_round(specs: dict[int, Spec], level: str, unit: str) -> dict[int, Figure]:
    """The figure of one unit (everyone) in each round, by round id, read in one query.

    `specs` gives each round's spec: rounds of one instrument may use different versions.
    """
    rows = (
        ResultCell.objects.filter(round_id__in=list(specs), level=level, unit=unit, sex=0, grade=0)
        .values("round_id", "domain")
        .annotate(**SUMS)
    )
    grouped: dict[int, dict[int, dict[str, int]]] = defaultdict(dict)
    for row in rows:
        grouped[row["round_id"]][row["domain"]] = _counts(row)
    return {pk: _figure(specs[pk], unit, domains) for pk, domains in grouped.items()}


def overall(spec: Spec, round_ids: list[int]) -> Figure | None:
    """Everyone in these rounds together (the nation, for a year's rounds)."""
    rows = (
        ResultCell.objects.filter(round_id__in=round_ids, level="province", sex=0, grade=0)
        .values("domain")
        .annotate(**SUMS)
    )
    domains = {row["domain"]: _counts(row) for row in rows}
    return _figure(spec, "all", domains) if domains else None


def suppress(siblings: list[Figure], minimum: int | None = None) -> list[Figure]:
    """Hide small groups, and one more when only one would be hidden (see the module)."""
    minimum = minimum_group() if minimum is None else minimum
    for figure in siblings:
        figure.suppressed = figure.n < minimum
    hidden = [f for f in siblings if f.suppressed]
    shown = sorted((f for f in siblings if not f.suppressed), key=lambda f: f.n)
    if len(hidden) == 1 and shown:
        shown[0].suppressed = True
    return siblings


def public_dict(spec: Spec, figure: Figure) -> dict[str, Any]:
    """A figure as data for the API and exports: nothing of a suppressed group."""
    if figure.suppressed:
        return {"suppressed": True, "respondents": None, "scores": None}
    names = ["total", *spec.domains]
    return {
        "suppressed": False,
        "respondents": figure.n,
        "scores": {
            name: {
                "percent": round(score.percent, 1),
                "grade": spec.bands[score.band].code,
                "band_shares": {
                    b.code: round(s, 1) for b, s in zip(spec.bands, score.shares, strict=True)
                },
            }
            for name, score in zip(names, figure.scores, strict=True)
        },
    }
