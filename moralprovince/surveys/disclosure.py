"""Which survey figures may be shown: the one decision behind every page, export and API.

Respondents are children, so a group of fewer than the minimum (SURVEY_MIN_GROUP, 10) is
never shown: not its count, its scores nor its band shares. Hiding the small group itself
is not enough, because figures add up. A parent is the sum of its children along the
geography (a province is its districts, a district its schools, for everyone and for each
sex and grade alike) and along each breakdown (a unit is its sexes, and it is its grades),
so a parent minus its shown children gives back what is hidden among them.

`decide` takes the whole table of a round's groups, not one page's rows, and hides:

1. every group of 1 to minimum − 1 respondents (primary suppression);
2. then, for every parent and its children, until nothing changes (complementary
   suppression):
   - when exactly one child is hidden, or the hidden children together have fewer than
     the minimum, the next smallest shown child too (one that is not the only child of
     another parent, if there is one: hiding that would hide its parent as well);
   - when the parent is hidden and none of its children is, the smallest child (the
     children would add up to the parent);
   - when every child with respondents is hidden and they are still one, or under the
     minimum together, the parent itself (it equals what they hide).

So whatever a reader subtracts, from one page or from all of them, a hidden group comes
out only together with others, at least the minimum in all. The rules look at every
parent, hidden or shown: a hidden parent may still be worked out one level up.

A group with no respondents is shown as having none: no one is behind it. Groups in
`fixed` are shown elsewhere (a round's province total, on the round's own page, when the
provinces are compared): they are never hidden to protect another, and a parent whose
children are all fixed is known as well.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

# A group: the level of its unit ("province", "district", "school"…), the unit's code, its
# sex and its grade (0: everyone). A group with a sex has grade 0 and the other way round.
Key: TypeAlias = tuple[str, str, int, int]
Unit: TypeAlias = tuple[str, str]


class Status(StrEnum):
    SHOWN = "shown"
    EMPTY = "empty"  # no respondents
    HIDDEN = "hidden"


@dataclass
class Disclosure:
    """What may be shown of a table of groups: see the module."""

    minimum: int
    counts: Mapping[Key, int]
    hidden: set[Key] = field(default_factory=set)

    def status(self, key: Key) -> Status:
        if not self.counts.get(key, 0):
            return Status.EMPTY
        return Status.HIDDEN if key in self.hidden else Status.SHOWN

    def shown(self, key: Key) -> bool:
        return self.status(key) == Status.SHOWN


@dataclass
class _Split:
    """A parent and the children (with respondents) that add up to it."""

    parent: Key
    children: list[Key]


def decide(
    counts: Mapping[Key, int],
    parents: Mapping[Unit, Unit],
    minimum: int,
    fixed: Collection[Key] = (),
) -> Disclosure:
    """Decide which groups of the table may be shown.

    `counts` gives the respondents of each group; `parents` the unit each unit belongs to
    (a school its district, a district its province).
    """
    result = Disclosure(minimum, counts, {k for k, n in counts.items() if 0 < n < minimum})
    if not result.hidden:
        return result  # nothing small: nothing to protect
    work = _Work(result, _splits(counts, parents), set(fixed))
    # Only a split with something hidden in it needs a look; each hide brings its splits back.
    waiting = sorted({i for key in result.hidden for i in work.touching[key]}, reverse=True)
    queued = set(waiting)
    while waiting:
        index = waiting.pop()
        queued.discard(index)
        for key in work.protect(work.splits[index]):
            result.hidden.add(key)
            for other in work.touching[key]:
                if other not in queued:
                    queued.add(other)
                    waiting.append(other)
    return result


def _splits(counts: Mapping[Key, int], parents: Mapping[Unit, Unit]) -> list[_Split]:
    children: dict[tuple[str, Key], list[Key]] = defaultdict(list)
    for key, n in counts.items():
        if not n:
            continue
        level, unit, sex, grade = key
        up = parents.get((level, unit))
        if up is not None:
            children["geography", (*up, sex, grade)].append(key)
        if sex:
            children["sex", (level, unit, 0, 0)].append(key)
        if grade:
            children["grade", (level, unit, 0, 0)].append(key)
    return [_Split(parent, sorted(kids)) for (_kind, parent), kids in sorted(children.items())]


class _Work:
    def __init__(self, result: Disclosure, splits: list[_Split], fixed: set[Key]) -> None:
        self.result, self.splits = result, splits
        self.touching: dict[Key, list[int]] = defaultdict(list)  # the splits of each group
        for index, split in enumerate(splits):
            for key in (split.parent, *split.children):
                self.touching[key].append(index)
        # The fixed groups, and every parent whose children are all known, are known.
        self.known = set(fixed)
        changed = True
        while changed:
            changed = False
            for split in splits:
                if split.parent not in self.known and all(c in self.known for c in split.children):
                    self.known.add(split.parent)
                    changed = True
        # A group that is the only one with respondents under some parent equals it: hiding
        # it would hide that parent too, so another sibling is taken first when there is one.
        self.alone = {split.children[0] for split in splits if len(split.children) == 1}

    def protect(self, split: _Split) -> list[Key]:
        """The groups to hide so that this parent and its children give nothing small away."""
        counts, hidden = self.result.counts, self.result.hidden
        hide: list[Key] = []
        covered = [c for c in split.children if c in hidden]
        parent_hidden = split.parent in hidden
        if not covered and not parent_hidden:
            return hide
        spare = sorted(
            (c for c in split.children if c not in hidden and c not in self.known),
            key=lambda c: (c in self.alone, counts[c], c),
            reverse=True,
        )
        if parent_hidden and not covered and spare:
            covered.append(spare.pop())
            hide.append(covered[-1])
        while covered and (
            len(covered) == 1 or sum(counts[c] for c in covered) < self.result.minimum
        ):
            if spare:
                covered.append(spare.pop())
                hide.append(covered[-1])
            elif not parent_hidden and split.parent not in self.known:
                hide.append(split.parent)
                break
            else:
                break
        return hide


def apply(figures: Iterable[Any], disclosure: Disclosure) -> None:
    """Mark each figure (anything with `cell`, `suppressed` and `empty`) as decided."""
    for figure in figures:
        status = disclosure.status(figure.cell)
        figure.suppressed = status == Status.HIDDEN
        figure.empty = status == Status.EMPTY
