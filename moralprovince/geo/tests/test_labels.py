from django.test import TestCase
from django.utils import translation

from moralprovince.geo.models import Subdistrict


class SubdistrictLabelTests(TestCase):
    def test_a_subdistrict_is_named_with_its_district_so_repeated_names_are_told_apart(self):
        labels = [str(s) for s in Subdistrict.objects.filter(province_id="84", name_th="คลองน้อย")]
        self.assertEqual(len(labels), 2)
        self.assertEqual(len(set(labels)), 2)
        for label in labels:
            self.assertRegex(label, r"^ตำบลคลองน้อย \(อำเภอ\S+\)$")

    def test_in_english_and_in_bangkok(self):
        talat = Subdistrict.objects.get(pk="840101")
        with translation.override("en"):
            self.assertEqual(str(talat), "Talat subdistrict (Mueang Surat Thani district)")
        bangkok = Subdistrict.objects.filter(province_id="10").first()
        self.assertEqual(str(bangkok), f"แขวง{bangkok.name_th} ({bangkok.district.name_th})")
        self.assertTrue(bangkok.district.name_th.startswith("เขต"))
