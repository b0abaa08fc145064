from django.core.management import call_command
from django.test import TestCase

from moralprovince.geo.models import District, Province, Subdistrict
from moralprovince.geo.services import load_geography


class GeographyTests(TestCase):
    def test_the_whole_country_is_loaded_from_geothai(self):
        self.assertEqual(Province.objects.count(), 77)
        self.assertEqual(District.objects.count(), 928)
        self.assertEqual(Subdistrict.objects.count(), 7436)

    def test_surat_thani_has_19_districts_and_131_subdistricts(self):
        surat = Province.objects.get(pk="84")
        self.assertEqual(surat.name_th, "สุราษฎร์ธานี")
        self.assertEqual(surat.name_en, "Surat Thani")
        self.assertEqual(surat.districts.count(), 19)
        self.assertEqual(Subdistrict.objects.filter(province=surat).count(), 131)
        self.assertEqual(District.objects.get(pk="8413").name_th, "บ้านนาเดิม")

    def test_loading_twice_changes_nothing(self):
        Province.objects.filter(pk="84").update(name_th="แก้ไข")
        counts = load_geography()
        self.assertEqual((counts.provinces, counts.districts, counts.subdistricts), (77, 928, 7436))
        self.assertEqual(Province.objects.get(pk="84").name_th, "สุราษฎร์ธานี")
        self.assertEqual(Subdistrict.objects.count(), 7436)

    def test_the_command_reports_the_counts_and_the_credit(self):
        from io import StringIO

        out = StringIO()
        call_command("load_geography", stdout=out)
        self.assertIn("77 provinces, 928 districts, 7436 subdistricts", out.getvalue())
        self.assertIn("CC BY 4.0", out.getvalue())
