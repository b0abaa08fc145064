"""The level a unit reaches, from its item scores and its criteria version's level rule.

Levels are cumulative: a unit reaches level 2 only if it reaches level 1, and so on. For
each level the version's rule asks (a) a share of the points possible on the items of that
level and the levels below, and (b) that named items score at least so much. The first
level whose rule is not met stops the climb, and what failed is the reason, kept as data
(`Reason`) so a page says it in the reader's language.

`decide` is pure, so the pages, the import, the API and the bench all use the same rule;
`rules_of` and `points_of` read it from the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from moralprovince.assessments.models import (
    LEVELS,
    Assessment,
    CriteriaVersion,
    CriterionItem,
    Level,
)


@dataclass(frozen=True)
class ItemSpec:
    number: int
    level: int
    max_points: int


@dataclass(frozen=True)
class RuleSpec:
    level: int
    min_share: Decimal
    # Item number -> the fewest points it must score for this level.
    requirements: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    """What kept a unit from `level`: an item below its minimum, or too small a share."""

    level: int
    item: int | None = None
    points: int | None = None  # None: the item has no score yet
    needed: int | None = None
    share: Decimal | None = None
    min_share: Decimal | None = None
    no_rule: bool = False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"level": self.level}
        for name in ("item", "points", "needed"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.share is not None:
            data["share"] = str(self.share)
            data["min_share"] = str(self.min_share)
        if self.no_rule:
            data["no_rule"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        share = data.get("share")
        return cls(
            level=data["level"],
            item=data.get("item"),
            points=data.get("points"),
            needed=data.get("needed"),
            share=Decimal(share) if share is not None else None,
            min_share=Decimal(data["min_share"]) if share is not None else None,
            no_rule=bool(data.get("no_rule")),
        )

    def message(self) -> str:
        """The reason in the reader's language."""
        names = {"level": Level(self.level).label, "item": self.item, "needed": self.needed}
        if self.no_rule:
            return _("The criteria have no rule for %(level)s.") % names
        if self.share is not None:
            return _(
                "The share of points is %(share)s %%, below the %(min_share)s %% needed for "
                "%(level)s."
            ) % {**names, "share": self.share, "min_share": self.min_share}
        if self.points is None:
            return _("Item %(item)s has no score yet; %(level)s needs at least %(needed)s.") % names
        return _("Item %(item)s scored %(points)s; %(level)s needs at least %(needed)s.") % {
            **names,
            "points": self.points,
        }


@dataclass(frozen=True)
class Decision:
    level: int
    reasons: tuple[Reason, ...]
    # The share of all points possible, for display.
    share: Decimal

    def reasons_data(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.reasons]


def share_of(got: int, possible: int) -> Decimal:
    if not possible:
        return Decimal(0)
    return (Decimal(got) * 100 / possible).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def decide(
    items: Sequence[ItemSpec], rules: Iterable[RuleSpec], points: Mapping[int, int | None]
) -> Decision:
    """The level reached with `points` (item number -> points, None when not scored)."""
    by_level = {rule.level: rule for rule in rules}
    reached = Level.NONE.value
    reasons: tuple[Reason, ...] = ()
    for level in (lv.value for lv in LEVELS):
        rule = by_level.get(level)
        if rule is None:
            reasons = (Reason(level=level, no_rule=True),)
            break
        failures = _failures(items, rule, points)
        if failures:
            reasons = tuple(failures)
            break
        reached = level
    total = sum(i.max_points for i in items)
    got = sum(points.get(i.number) or 0 for i in items)
    return Decision(level=reached, reasons=reasons, share=share_of(got, total))


def _failures(
    items: Sequence[ItemSpec], rule: RuleSpec, points: Mapping[int, int | None]
) -> list[Reason]:
    failures = []
    for number, needed in sorted(rule.requirements.items()):
        got = points.get(number)
        if got is None or got < needed:
            failures.append(Reason(level=rule.level, item=number, points=got, needed=needed))
    counted = [i for i in items if i.level <= rule.level]
    possible = sum(i.max_points for i in counted)
    got_total = sum(points.get(i.number) or 0 for i in counted)
    # Compared without rounding: 64.999 % is not 65 %.
    if Decimal(got_total) * 100 < rule.min_share * possible:
        failures.append(
            Reason(
                level=rule.level,
                share=share_of(got_total, possible),
                min_share=rule.min_share,
            )
        )
    return failures


# --- read from the database ---------------------------------------------------------------


@dataclass(frozen=True)
class VersionRule:
    items: tuple[ItemSpec, ...]
    rules: tuple[RuleSpec, ...]

    def decide(self, points: Mapping[int, int | None]) -> Decision:
        return decide(self.items, self.rules, points)


def item_spec(item: CriterionItem) -> ItemSpec:
    return ItemSpec(number=item.number, level=item.level, max_points=item.max_points)


def rules_of(version: CriteriaVersion) -> VersionRule:
    """The version's items and level rules, in three queries."""
    items = tuple(item_spec(i) for i in version.items.all())
    rules = tuple(
        RuleSpec(
            level=rule.level,
            min_share=rule.min_share,
            requirements={r.item.number: r.min_points for r in rule.requirements.all()},
        )
        for rule in version.rules.prefetch_related("requirements__item")
    )
    return VersionRule(items=items, rules=rules)


def points_of(assessment: Assessment) -> dict[int, int | None]:
    """The points that count for each item: verified where verified, else the unit's own."""
    return {
        number: verified if verified is not None else own
        for number, own, verified in assessment.scores.values_list(
            "item__number", "self_points", "verified_points"
        )
    }


def decide_assessment(assessment: Assessment) -> Decision:
    return rules_of(assessment.version).decide(points_of(assessment))


def reasons_of(assessment: Assessment) -> list[str]:
    return [Reason.from_dict(r).message() for r in assessment.level_reason or []]
