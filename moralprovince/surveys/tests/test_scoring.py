"""Scoring against hand-computed examples, on the reference instrument and a small one."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
from django.test import SimpleTestCase

from moralprovince.surveys.spec import Band, Spec, score_one, scored_columns

BANDS = (
    Band("A", "ดีมาก", "Very good", Decimal(80), False),
    Band("B", "ดี", "Good", Decimal(70), True),
    Band("C", "พอใช้", "Fair", Decimal(60), True),
    Band("F", "ควรปรับปรุง", "Needs improvement", Decimal(0), True),
)


def small(rule: str) -> Spec:
    # Two powers: "a" with 3 items (the third reverse-coded), "b" with 2 items; scale 1–4.
    return Spec(
        1,
        ("a1", "a2", "a3", "b1", "b2"),
        (1, 1, 1, 2, 2),
        (False, False, True, False, False),
        ("a", "b"),
        1,
        4,
        rule,
        BANDS,
        ((1, "ไม่เลย", "Never"), (4, "เป็นประจำ", "Always")),
    )


class ScoringTests(SimpleTestCase):
    def test_raw_rule_by_hand(self) -> None:
        spec = small("raw")
        # a: 4 + 3 + (5 − 1 = 4) = 11 of 12 → 91.7 % (A); b: 2 + 2 = 4 of 8 → 50 % (F)
        # total: 15 of 20 = 75 % (B)
        result = score_one(spec, [4, 3, 1, 2, 2])
        self.assertEqual(result[0][0], 15)
        self.assertAlmostEqual(result[0][1], 75.0)
        self.assertEqual(spec.bands[result[0][2]].code, "B")
        self.assertEqual(result[1][0], 11)
        self.assertAlmostEqual(result[1][1], 91.6667, places=3)
        self.assertEqual(spec.bands[result[1][2]].code, "A")
        self.assertAlmostEqual(result[2][1], 50.0)
        self.assertEqual(spec.bands[result[2][2]].code, "F")

    def test_rescaled_rule_by_hand(self) -> None:
        spec = small("rescaled")
        # total: (15 − 5) / (3 × 5) = 66.7 % (C); b: (4 − 2) / 6 = 33.3 % (F)
        result = score_one(spec, [4, 3, 1, 2, 2])
        self.assertAlmostEqual(result[0][1], 66.6667, places=3)
        self.assertEqual(spec.bands[result[0][2]].code, "C")
        self.assertAlmostEqual(result[2][1], 33.3333, places=3)

    def test_band_edges_are_exact(self) -> None:
        spec = small("raw")
        # b: sums of 8 → 100 %; 80 % exactly needs 6.4, so use the total of 20 items' worth:
        # total 16 of 20 = 80 % exactly: not above 80, so B; 14 of 20 = 70 % exactly: B; 12 = 60 %: C
        for total, code in ((16, "B"), (17, "A"), (14, "B"), (13, "C"), (12, "C"), (11, "F")):
            self.assertEqual(spec.bands[spec.band_index(0, total)].code, code, total)

    def test_vectorised_scoring_agrees_with_one_by_one(self) -> None:
        spec = small("raw")
        rows = [[4, 3, 1, 2, 2], [1, 1, 4, 1, 1], [4, 4, 1, 4, 4], [3, 3, 2, 3, 3]]
        frame = pl.DataFrame(
            {c: [r[i] for r in rows] for i, c in enumerate(spec.items)},
            schema={c: pl.Int8 for c in spec.items},
        )
        scored = scored_columns(spec, frame)
        for index, row in enumerate(rows):
            for domain, (total, _percent, band) in enumerate(score_one(spec, row)):
                self.assertEqual(scored[f"sum{domain}"][index], total)
                self.assertEqual(scored[f"band{domain}"][index], band)

    def test_accepts_labels_and_thai_digits(self) -> None:
        accepted = small("raw").accepted_values()
        self.assertEqual(accepted["๔"], 4)
        self.assertEqual(accepted["เป็นประจำ"], 4)
        self.assertEqual(accepted["never"], 1)
        self.assertNotIn("5", accepted)
        self.assertNotIn("0", accepted)
