"""Results read from the result cells, with what may be shown decided by `disclosure`.

`round_disclosure` gives that decision for the whole table of a round (every school,
district and the province, for everyone, each sex and each grade), and
`provinces_disclosure` for the provinces compared; every page, export and the API mark
their figures with it, so a group hidden on one is hidden on all.

A breakdown lists every category (each sex, each grade of the round) at every level, one
with nobody in it too; where it hides a group, its empty categories are shown as hidden
(`breakdown`, `cover_empty`), so neither a missing row nor "no responses" narrows a hidden
group down.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Sum

from moralprovince.organisations.models import Organisation
from moralprovince.surveys import disclosure
from moralprovince.surveys.disclosure import Disclosure, Key
from moralprovince.surveys.models import MAX_BANDS, ResultCell, Sex, SurveyRound
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
    cell: Key = ("", "", 0, 0)  # its group in the table that `disclosure` decides on
    label: str = ""
    n: int = 0
    scores: list[Score] = field(default_factory=list)  # total first, then each domain
    suppressed: bool = False
    empty: bool = False  # no respondents: shown as such

    @property
    def total(self) -> Score | None:
        return self.scores[0] if self.scores and not self.suppressed else None


def _figure(spec: Spec, key: Any, cell: Key, rows: dict[int, dict[str, int]]) -> Figure:
    figure = Figure(key=key, cell=cell, n=rows[0]["n"] if 0 in rows else 0)
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
    cells_of: dict[Any, Key] = {}
    for row in rows:
        key = row["unit"] if group == "all" else (row["unit"], row[group])
        grouped[key][row["domain"]] = _counts(row)
        cells_of[key] = (level, row["unit"], row["sex"], row["grade"])
    return {key: _figure(spec, key, cells_of[key], domains) for key, domains in grouped.items()}


def empty_figure(level: str, unit: str) -> Figure:
    """The figure of a unit with no respondents."""
    return Figure(key=unit, cell=(level, unit, 0, 0), empty=True)


# --- breakdowns: every category, an empty one not told apart from a hidden one ---------------


def round_grades(survey_round: SurveyRound) -> list[int]:
    """The grades of the round's respondents: the categories of every grade breakdown."""
    cells = ResultCell.objects.filter(round=survey_round, level="province", sex=0, domain=0)
    return sorted(set(cells.exclude(grade=0).values_list("grade", flat=True)))


def breakdown(
    found: dict[Any, Figure], level: str, unit: str, group: str, categories: list[int]
) -> list[Figure]:
    """A unit's figure for each category of a breakdown ("sex" or "grade"), in order: one
    with nobody in it too, so that a category left out never says it is empty."""
    rows = []
    for category in categories:
        key = (unit, category)
        cell = (level, unit, *((category, 0) if group == "sex" else (0, category)))
        rows.append(found.get(key) or Figure(key=key, cell=cell, empty=True))
    return rows


def cover_empty(rows: list[Figure], parent: Figure | None) -> None:
    """Where a breakdown hides anything (a category, or the unit itself), show its empty
    categories as hidden too: "no responses" beside a hidden group would narrow it down."""
    if (parent is not None and parent.suppressed) or any(f.suppressed for f in rows):
        for figure in rows:
            if figure.empty:
                figure.empty, figure.suppressed = False, True


def sex_categories() -> list[int]:
    return [int(value) for value in Sex.values]


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
    return {
        pk: _figure(specs[pk], unit, ("round", str(pk), 0, 0), domains)
        for pk, domains in grouped.items()
    }


def overall(spec: Spec, round_ids: list[int]) -> Figure | None:
    """Everyone in these rounds together (the nation, for a year's rounds)."""
    rows = (
        ResultCell.objects.filter(round_id__in=round_ids, level="province", sex=0, grade=0)
        .values("domain")
        .annotate(**SUMS)
    )
    domains = {row["domain"]: _counts(row) for row in rows}
    return _figure(spec, "all", NATION, domains) if domains else None


# --- what may be shown ------------------------------------------------------------------------

NATION: Key = ("nation", "", 0, 0)


def round_disclosure(survey_round: SurveyRound) -> Disclosure:
    """What may be shown of a round: its whole table, every school of it included."""
    cells = ResultCell.objects.filter(round=survey_round, domain=0).values_list(
        "level", "unit", "sex", "grade", "n"
    )
    counts: dict[Key, int] = {(lv, unit, sex, grade): n for lv, unit, sex, grade, n in cells}
    province = ("province", survey_round.province_id)
    parents = {}
    schools = Organisation.objects.filter(
        pk__in=survey_round.round_schools.values("organisation_id")
    ).values_list("pk", "subdistrict__district_id")
    for pk, district in schools:
        parents[("school", str(pk))] = ("district", district)
        parents[("district", district)] = province
        counts.setdefault(("school", str(pk), 0, 0), 0)
    total = (*province, 0, 0)
    # The province's total is the round's headline (and is compared with other provinces):
    # it is shown whenever it reaches the minimum.
    fixed = [total] if counts.get(total, 0) >= minimum_group() else []
    return disclosure.decide(counts, parents, minimum_group(), fixed)


def provinces_disclosure(totals: dict[int, tuple[str, int]]) -> Disclosure:
    """What may be shown when provinces are compared: each province (the sum of its rounds)
    and the nation, given each round's province and respondents by round id.

    A round's total is shown on the round's own pages whenever it reaches the minimum, so it
    is fixed here: a province or the nation that would give away a smaller round or
    province is hidden instead.
    """
    counts: dict[Key, int] = defaultdict(int)
    parents = {}
    for pk, (province, n) in totals.items():
        counts["round", str(pk), 0, 0] += n
        counts["province", province, 0, 0] += n
        counts[NATION] += n
        parents[("round", str(pk))] = ("province", province)
        parents[("province", province)] = NATION[:2]
    fixed = [("round", str(pk), 0, 0) for pk, (_p, n) in totals.items() if n >= minimum_group()]
    return disclosure.decide(counts, parents, minimum_group(), fixed)


def public_dict(spec: Spec, figure: Figure) -> dict[str, Any]:
    """A figure as data for the API and exports: nothing of a suppressed group."""
    if figure.suppressed:
        return {"suppressed": True, "respondents": None, "scores": None}
    if figure.empty:
        return {"suppressed": False, "respondents": 0, "scores": None}
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
