"""The one decision of what survey figures may be shown, tried the way a reader would break
it: by subtracting the shown parts of a figure from it, across levels and breakdowns."""

from __future__ import annotations

import random
from collections import defaultdict
from fractions import Fraction

from django.test import SimpleTestCase

from moralprovince.surveys.disclosure import Key, Status, Unit, decide

K = 10
Atom = tuple[str, int, int]  # school, sex, grade: the finest group, never shown itself


def table(
    atoms: dict[Atom, int], district_of: dict[str, str]
) -> tuple[dict[Key, int], dict[Unit, Unit], dict[Key, set[Atom]]]:
    """The cells a round's pages are made of, from counts per school, sex and grade."""
    counts: dict[Key, int] = defaultdict(int)
    members: dict[Key, set[Atom]] = defaultdict(set)
    for atom, n in atoms.items():
        school, sex, grade = atom
        for unit in (("school", school), ("district", district_of[school]), ("province", "P")):
            for key in ((*unit, 0, 0), (*unit, sex, 0), (*unit, 0, grade)):
                counts[key] += n
                members[key].add(atom)
    for school in district_of:
        counts.setdefault(("school", school, 0, 0), 0)
    parents: dict[Unit, Unit] = {("school", s): ("district", d) for s, d in district_of.items()}
    parents |= {("district", d): ("province", "P") for d in district_of.values()}
    return dict(counts), parents, members


def random_round(rnd: random.Random, schools: int, grades: int = 4) -> tuple[dict, dict]:
    district_of = {f"s{i}": f"d{rnd.randrange(3)}" for i in range(schools)}
    atoms: dict[Atom, int] = defaultdict(int)
    for school in district_of:
        for _ in range(rnd.choice([0, 1, 2, 3, 5, 8, 9, 12, 20, 40])):
            atoms[school, rnd.choice((1, 2, 3)), rnd.randint(1, grades)] += 1
    return dict(atoms), district_of


def relations(counts: dict[Key, int], parents: dict[Unit, Unit]) -> list[tuple[Key, list[Key]]]:
    """Every figure that is the sum of others, as the pages let a reader know it."""
    children: dict[tuple[str, Key], list[Key]] = defaultdict(list)
    schools = [k for k in counts if k[0] == "school"]
    for key in counts:
        level, unit, sex, grade = key
        if (level, unit) in parents:
            children["geography", (*parents[level, unit], sex, grade)].append(key)
        if sex:
            children["sex", (level, unit, 0, 0)].append(key)
        if grade:
            children["grade", (level, unit, 0, 0)].append(key)
    found = [(parent, kids) for (_kind, parent), kids in children.items()]
    # Sex and grade groups of the province, straight from the schools' pages.
    for key in [k for k in counts if k[0] == "province"]:
        found.append((key, [s for s in schools if s[2:] == key[2:]]))
    return found


def rank(rows: list[list[int]]) -> int:
    matrix = [[Fraction(v) for v in row] for row in rows]
    found = 0
    for column in range(len(matrix[0]) if matrix else 0):
        pivot = next((i for i in range(found, len(matrix)) if matrix[i][column]), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for i, row in enumerate(matrix):
            if i != found and row[column]:
                factor = row[column] / matrix[found][column]
                matrix[i] = [a - factor * b for a, b in zip(row, matrix[found], strict=True)]
        found += 1
    return found


class DecideTests(SimpleTestCase):
    def test_a_lone_small_school_takes_the_next_smallest_with_it(self) -> None:
        atoms = {("a", 1, 1): 30, ("b", 1, 1): 12, ("c", 1, 1): 20, ("d", 1, 1): 3}
        counts, parents, _m = table(atoms, dict.fromkeys("abcd", "d1"))
        seen = decide(counts, parents, K)
        hidden = {k[1] for k in counts if k[0] == "school" and not seen.shown(k)}
        self.assertEqual(hidden, {"d", "b"})  # b is the next smallest, not a or c
        self.assertTrue(seen.shown(("district", "d1", 0, 0)))

    def test_hidden_siblings_under_the_minimum_take_more(self) -> None:
        atoms = {("a", 1, 1): 30, ("b", 1, 1): 12, ("c", 1, 1): 4, ("d", 1, 1): 3}
        counts, parents, _m = table(atoms, dict.fromkeys("abcd", "d1"))
        seen = decide(counts, parents, K)
        hidden = {k[1] for k in counts if k[0] == "school" and not seen.shown(k)}
        self.assertEqual(hidden, {"c", "d", "b"})  # 4 + 3 is still under 10

    def test_a_school_with_no_responses_is_shown_as_empty_and_protects_nothing(self) -> None:
        atoms = {("a", 1, 1): 30, ("b", 1, 1): 12, ("d", 1, 1): 3}
        district_of = dict.fromkeys("abde", "d1")
        counts, parents, _m = table(atoms, district_of)
        seen = decide(counts, parents, K)
        self.assertEqual(seen.status(("school", "e", 0, 0)), Status.EMPTY)
        self.assertEqual(seen.status(("school", "d", 0, 0)), Status.HIDDEN)
        # An empty school does not count as a second hidden one: b is hidden with d.
        self.assertEqual(seen.status(("school", "b", 0, 0)), Status.HIDDEN)

    def test_a_district_hidden_at_district_level_stays_hidden_at_school_level(self) -> None:
        # d1 has 3 respondents; d2 (one school of 20) is hidden so that d1 is not the
        # province minus d2. Its school would give d2 back: it is hidden too.
        atoms = {("a", 1, 1): 3, ("b", 1, 1): 20, ("c", 1, 1): 25}
        counts, parents, _m = table(atoms, {"a": "d1", "b": "d2", "c": "d3"})
        seen = decide(counts, parents, K, fixed=[("province", "P", 0, 0)])
        self.assertFalse(seen.shown(("district", "d2", 0, 0)))
        self.assertFalse(seen.shown(("school", "b", 0, 0)))

    def test_a_breakdown_that_equals_its_unit_hides_the_unit(self) -> None:
        # School b has only boys. Its boys are hidden to protect the girls of school a across
        # the province's boys and girls, so b's total (equal to its boys) is hidden too.
        atoms = {("a", 1, 1): 20, ("a", 2, 1): 4, ("b", 1, 1): 11, ("c", 1, 1): 40}
        counts, parents, _m = table(atoms, {"a": "d1", "b": "d2", "c": "d3"})
        seen = decide(counts, parents, K, fixed=[("province", "P", 0, 0)])
        self.assertFalse(seen.shown(("province", "P", 1, 0)))  # the boys give the girls
        self.assertFalse(seen.shown(("school", "b", 1, 0)))
        self.assertFalse(seen.shown(("school", "b", 0, 0)))
        self.assertTrue(seen.shown(("school", "c", 0, 0)))

    def test_a_fixed_group_is_never_hidden_to_protect_another(self) -> None:
        counts = {("nation", "", 0, 0): 43, ("province", "a", 0, 0): 40, ("province", "b", 0, 0): 3}
        parents = {("province", "a"): ("nation", ""), ("province", "b"): ("nation", "")}
        seen = decide(counts, parents, K, fixed=[("province", "a", 0, 0)])
        # a is shown elsewhere: the nation, which would give b back, is hidden instead.
        self.assertTrue(seen.shown(("province", "a", 0, 0)))
        self.assertFalse(seen.shown(("nation", "", 0, 0)))


class SubtractionTests(SimpleTestCase):
    """Random rounds, and every subtraction a reader of all the pages could make."""

    def test_no_parent_minus_its_shown_children_leaves_a_small_group(self) -> None:
        rnd = random.Random(2563)
        for trial in range(300):
            atoms, district_of = random_round(rnd, rnd.randint(1, 8), grades=12)
            counts, parents, _members = table(atoms, district_of)
            total = ("province", "P", 0, 0)
            fixed = [total] if counts.get(total, 0) >= K else []
            seen = decide(counts, parents, K, fixed)
            with self.subTest(trial=trial, atoms=atoms, district_of=district_of):
                if counts.get(total, 0) >= K:
                    self.assertTrue(seen.shown(total))
                for key, n in counts.items():
                    if 0 < n < K:
                        self.assertFalse(seen.shown(key))
                for parent, kids in relations(counts, parents):
                    if seen.shown(parent):
                        rest = counts[parent] - sum(counts[k] for k in kids if seen.shown(k))
                        self.assertFalse(0 < rest < K, (parent, rest))
                # Across levels: the province minus its shown districts and the shown
                # schools of its hidden districts.
                if seen.shown(total):
                    rest = counts[total] - sum(
                        counts[k]
                        for k in counts
                        if k[2:] == (0, 0)
                        and seen.shown(k)
                        and (
                            k[0] == "district"
                            or (k[0] == "school" and not seen.shown((*parents[k[:2]], 0, 0)))
                        )
                    )
                    self.assertFalse(0 < rest < K, rest)

    def test_no_hidden_group_can_be_solved_for_from_all_that_is_shown(self) -> None:
        # Whatever sums and differences of shown figures a reader forms, a hidden group's
        # count (and so its score sum, which adds up the same way) is never one of them.
        rnd = random.Random(2564)
        for trial in range(60):
            atoms, district_of = random_round(rnd, rnd.randint(2, 6))
            counts, parents, members = table(atoms, district_of)
            total = ("province", "P", 0, 0)
            seen = decide(counts, parents, K, [total] if counts.get(total, 0) >= K else [])
            order = sorted(atoms)

            def vector(key: Key) -> list[int]:
                return [1 if atom in members[key] else 0 for atom in order]  # noqa: B023

            shown = [vector(k) for k, n in counts.items() if n and seen.shown(k)]
            base = rank(shown) if shown else 0
            for key, n in counts.items():
                if n and not seen.shown(key):
                    with self.subTest(trial=trial, key=key):
                        self.assertEqual(rank([*shown, vector(key)]), base + 1)
