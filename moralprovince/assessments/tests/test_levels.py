"""The level rule, against cases worked out by hand on the reference organisation criteria.

Items 1–4 are level 1 (8 points possible), 5–7 level 2 (14 possible up to level 2), 8–9
level 3 (18 in all). Level 1 needs 50 % of 8 and items 1 and 2 at 1 or more; level 2 needs
65 % of 14 (so 10 points: 9 is 64.29 %) and items 3 and 4 at 1 or more; level 3 needs 80 %
of 18 (so 15 points) and items 1 and 4 at 2.
"""

from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation

from moralprovince.assessments.levels import (
    ItemSpec,
    Reason,
    RuleSpec,
    decide,
    decide_assessment,
    rules_of,
)
from moralprovince.assessments.models import (
    Assessment,
    CriteriaVersion,
    ItemScore,
    Round,
    UnitType,
)
from moralprovince.testing import MoralTestCase

ITEMS = [ItemSpec(n, 1 if n <= 4 else 2 if n <= 7 else 3, 2) for n in range(1, 10)]
RULES = [
    RuleSpec(1, Decimal(50), {1: 1, 2: 1}),
    RuleSpec(2, Decimal(65), {3: 1, 4: 1}),
    RuleSpec(3, Decimal(80), {1: 2, 4: 2}),
]


def scores(*points: int | None) -> dict[int, int | None]:
    return dict(enumerate(points, start=1))


class DecideTests(SimpleTestCase):
    def test_full_marks_reach_level_3_with_no_reason(self) -> None:
        decision = decide(ITEMS, RULES, scores(2, 2, 2, 2, 2, 2, 2, 2, 2))
        self.assertEqual((decision.level, decision.reasons), (3, ()))
        self.assertEqual(decision.share, Decimal("100.00"))

    def test_ones_on_level_1_items_stop_at_level_2_naming_items_1_and_4_and_the_share(
        self,
    ) -> None:
        # Level 1: 4 of 8 = 50 %. Level 2: 4 + 6 = 10 of 14 = 71.43 %. Level 3: 14 of 18 =
        # 77.78 %, and items 1 and 4 score 1 where 2 is needed.
        decision = decide(ITEMS, RULES, scores(1, 1, 1, 1, 2, 2, 2, 2, 2))
        self.assertEqual(decision.level, 2)
        self.assertEqual(
            decision.reasons,
            (
                Reason(level=3, item=1, points=1, needed=2),
                Reason(level=3, item=4, points=1, needed=2),
                Reason(level=3, share=Decimal("77.78"), min_share=Decimal(80)),
            ),
        )

    def test_a_required_item_at_0_keeps_a_unit_below_level_1(self) -> None:
        decision = decide(ITEMS, RULES, scores(2, 0, 2, 2, 2, 2, 2, 2, 2))
        self.assertEqual(decision.level, 0)
        self.assertEqual(decision.reasons, (Reason(level=1, item=2, points=0, needed=1),))

    def test_9_of_14_points_is_short_of_65_percent(self) -> None:
        decision = decide(ITEMS, RULES, scores(2, 2, 2, 2, 1, 0, 0, 0, 0))
        self.assertEqual(decision.level, 1)
        self.assertEqual(
            decision.reasons, (Reason(level=2, share=Decimal("64.29"), min_share=Decimal(65)),)
        )
        self.assertEqual(decide(ITEMS, RULES, scores(2, 2, 2, 2, 2, 0, 0, 0, 0)).level, 2)

    def test_an_unscored_required_item_is_named_as_missing(self) -> None:
        decision = decide(ITEMS, RULES, scores(2, None, 2, 2))
        self.assertEqual(decision.level, 0)
        with translation.override("en"):
            self.assertIn("no score yet", decision.reasons[0].message())
        with translation.override("th"):
            self.assertIn("ยังไม่มีคะแนน", decision.reasons[0].message())

    def test_a_level_without_a_rule_cannot_be_reached(self) -> None:
        decision = decide(ITEMS, RULES[:1], scores(2, 2, 2, 2, 2, 2, 2, 2, 2))
        self.assertEqual(decision.level, 1)
        self.assertEqual(decision.reasons, (Reason(level=2, no_rule=True),))

    def test_a_reason_survives_being_stored(self) -> None:
        reason = Reason(level=3, share=Decimal("77.78"), min_share=Decimal(80))
        self.assertEqual(Reason.from_dict(reason.as_dict()), reason)


class StoredRuleTests(MoralTestCase):
    def test_the_verified_score_counts_over_the_units_own(self) -> None:
        version = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION)
        self.assertEqual(rules_of(version).rules, tuple(RULES))
        rnd = Round.objects.create(
            province=self.surat,
            fiscal_year=2564,
            name="2564",
            self_deadline="2021-06-30",
            verify_deadline="2021-08-31",
        )
        assessment = Assessment.objects.create(
            round=rnd,
            province=self.surat,
            unit_type=UnitType.ORGANISATION,
            organisation=self.school,
            version=version,
        )
        for item in version.items.all():
            ItemScore.objects.create(assessment=assessment, item=item, self_points=2)
        self.assertEqual(decide_assessment(assessment).level, 3)
        ItemScore.objects.filter(assessment=assessment, item__number=4).update(verified_points=1)
        decision = decide_assessment(assessment)
        self.assertEqual(decision.level, 2)
        self.assertEqual(decision.reasons, (Reason(level=3, item=4, points=1, needed=2),))
