"""An instrument version in memory, and scoring: one function for imports, forms and exports.

Percent of the maximum, per domain and in total:
- raw:      sum / (n_items × scale_max) × 100
- rescaled: (sum − n_items × scale_min) / (n_items × (scale_max − scale_min)) × 100
Reverse-coded items count as (scale_min + scale_max − answer). Grade bands are compared in
integers, so a score of exactly 80 % is never taken for 80.000001 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from moralprovince.lib.thaidate import thai_digits

BandRow = tuple[str, str, str, Decimal, bool]  # code, Thai, English, min %, includes min


@dataclass
class InstrumentData:
    """An instrument version as plain data, as read from a workbook or written in code."""

    code: str
    name_th: str
    name_en: str
    note: str
    scale: tuple[int, int]
    rule: str
    domains: list[tuple[str, str, str]]  # code, Thai, English
    items: list[tuple[str, str, str, str, bool]]  # code, domain, Thai, English, reverse
    choices: list[tuple[int, str, str]]  # value, Thai, English
    bands: list[BandRow]


@dataclass(frozen=True)
class Band:
    code: str
    label_th: str
    label_en: str
    min_percent: Decimal
    includes_min: bool


@dataclass(frozen=True)
class Spec:
    version_id: int
    items: tuple[str, ...]
    item_domain: tuple[int, ...]  # domain index (1-based) per item
    reverse: tuple[bool, ...]
    domains: tuple[str, ...]  # domain codes, in order
    scale_min: int
    scale_max: int
    rule: str
    bands: tuple[Band, ...]
    labels: tuple[tuple[int, str, str], ...]  # (value, Thai, English)

    def domain_items(self, domain: int) -> list[int]:
        """Item positions of a domain (1-based); domain 0 is every item."""
        return [i for i, d in enumerate(self.item_domain) if domain in (0, d)]

    def bounds(self, domain: int) -> tuple[int, int]:
        """(offset, denominator) so that percent = (sum − offset) / denominator × 100."""
        n = len(self.domain_items(domain))
        if self.rule == "rescaled":
            return n * self.scale_min, n * (self.scale_max - self.scale_min)
        return 0, n * self.scale_max

    def percent(self, domain: int, score_sum: float, count: int = 1) -> float:
        offset, denominator = self.bounds(domain)
        return (score_sum / count - offset) / denominator * 100

    def band_index(self, domain: int, score: int) -> int:
        offset, denominator = self.bounds(domain)
        for index, band in enumerate(self.bands):
            if _meets(score - offset, denominator, band):
                return index
        return len(self.bands) - 1

    def accepted_values(self) -> dict[str, int]:
        """Every spelling of an answer: digits, Thai digits and the choice labels."""
        accepted: dict[str, int] = {}
        for value in range(self.scale_min, self.scale_max + 1):
            accepted[str(value)] = value
            accepted[thai_digits(str(value))] = value
            accepted[f"{value}.0"] = value
        for value, label_th, label_en in self.labels:
            for label in (label_th, label_en):
                if label:
                    accepted[label.strip()] = value
                    accepted[label.strip().lower()] = value
        return accepted


def _meets(points: int, denominator: int, band: Band) -> bool:
    # points / denominator × 100 against min_percent, compared without rounding.
    left = points * 10000
    right = int(band.min_percent * 100) * denominator
    return left >= right if band.includes_min else left > right


def spec_for(version: Any) -> Spec:
    items = list(version.items.select_related("domain").order_by("order"))
    domains = list(version.domains.order_by("order"))
    index = {d.pk: i + 1 for i, d in enumerate(domains)}
    return Spec(
        version_id=version.pk,
        items=tuple(i.code for i in items),
        item_domain=tuple(index[i.domain_id] for i in items),
        reverse=tuple(i.reverse for i in items),
        domains=tuple(d.code for d in domains),
        scale_min=version.scale_min,
        scale_max=version.scale_max,
        rule=version.scoring_rule,
        bands=tuple(
            Band(b.code, b.label_th, b.label_en, b.min_percent, b.includes_min)
            for b in version.bands.order_by("order")
        ),
        labels=tuple((c.value, c.label_th, c.label_en) for c in version.choices.all()),
    )


# --- scoring of many responses at once -------------------------------------------------------


def scored_columns(spec: Spec, answers: pl.DataFrame) -> pl.DataFrame:
    """Per response: `sum{d}` (turned item sum) and `band{d}` for every domain d and total 0.

    `answers` holds one Int8 column per item, in the spec's order, with no missing values.
    """
    turned = [
        (spec.scale_min + spec.scale_max - pl.col(code)) if rev else pl.col(code)
        for code, rev in zip(spec.items, spec.reverse, strict=True)
    ]
    sums = [
        pl.sum_horizontal([turned[i].cast(pl.Int32) for i in spec.domain_items(d)]).alias(f"sum{d}")
        for d in range(len(spec.domains) + 1)
    ]
    frame = answers.select(sums)
    return frame.with_columns(
        [band_expression(spec, d).alias(f"band{d}") for d in range(len(spec.domains) + 1)]
    )


def band_expression(spec: Spec, domain: int) -> pl.Expr:
    offset, denominator = spec.bounds(domain)
    points = (pl.col(f"sum{domain}") - offset).cast(pl.Int64) * 10000
    expression: Any = None
    for index, band in enumerate(spec.bands[:-1]):
        right = int(band.min_percent * 100) * denominator
        test = points >= right if band.includes_min else points > right
        expression = (
            pl.when(test).then(pl.lit(index, pl.Int8))
            if expression is None
            else expression.when(test).then(pl.lit(index, pl.Int8))
        )
    last = pl.lit(len(spec.bands) - 1, pl.Int8)
    return last if expression is None else expression.otherwise(last)


def score_one(spec: Spec, answers: list[int]) -> list[tuple[int, float, int]]:
    """(sum, percent, band index) per domain, total first: for one response in Python."""
    turned = [
        spec.scale_min + spec.scale_max - a if rev else a
        for a, rev in zip(answers, spec.reverse, strict=True)
    ]
    result = []
    for d in range(len(spec.domains) + 1):
        total = sum(turned[i] for i in spec.domain_items(d))
        result.append((total, spec.percent(d, total), spec.band_index(d, total)))
    return result
