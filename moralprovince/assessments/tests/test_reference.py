from decimal import Decimal

from django.db import IntegrityError, transaction

from moralprovince.assessments.models import (
    Assessment,
    CriteriaVersion,
    Round,
    ScoringKind,
    UnitType,
)
from moralprovince.assessments.reference import load_reference_criteria
from moralprovince.testing import MoralTestCase


class ReferenceCriteriaTests(MoralTestCase):
    def test_it_loads_the_organisations_nine_activities_marked_as_reference(self) -> None:
        version = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION)
        self.assertTrue(version.is_reference)
        self.assertIn("ชุดเกณฑ์อ้างอิง", version.note)
        items = list(version.items.all())
        self.assertEqual([i.number for i in items], list(range(1, 10)))
        first = items[0]
        self.assertEqual(first.scoring, ScoringKind.SHARE)
        self.assertEqual((first.share_high, first.share_mid), (Decimal(80), Decimal(50)))
        self.assertEqual(first.points_for_share(Decimal("79.99")), 1)
        self.assertEqual(first.points_for_share(Decimal("80")), 2)
        self.assertEqual(first.points_for_share(Decimal("49.99")), 0)
        # Items 5–9 are not confirmed public text, and say so.
        self.assertTrue(all("อ้างอิง" in i.text_th for i in items[4:]))
        self.assertEqual(version.rules.count(), 3)

    def test_it_loads_the_provinces_ten_indicators(self) -> None:
        version = CriteriaVersion.objects.get(unit_type=UnitType.PROVINCE)
        self.assertEqual(version.items.count(), 10)

    def test_loading_again_keeps_an_edit(self) -> None:
        item = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION).items.get(number=5)
        item.text_th = "ข้อความทางการ"
        item.save()
        load_reference_criteria()
        item.refresh_from_db()
        self.assertEqual(item.text_th, "ข้อความทางการ")
        self.assertEqual(CriteriaVersion.objects.count(), 2)

    def test_an_assessment_names_exactly_its_own_unit(self) -> None:
        version = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION)
        rnd = Round.objects.create(
            province=self.surat,
            fiscal_year=2564,
            name="รอบ 2564",
            self_deadline="2021-06-30",
            verify_deadline="2021-08-31",
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assessment.objects.create(
                round=rnd, province=self.surat, unit_type=UnitType.ORGANISATION, version=version
            )
        Assessment.objects.create(
            round=rnd,
            province=self.surat,
            unit_type=UnitType.ORGANISATION,
            organisation=self.school,
            version=version,
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assessment.objects.create(
                round=rnd,
                province=self.surat,
                unit_type=UnitType.ORGANISATION,
                organisation=self.school,
                version=version,
            )
