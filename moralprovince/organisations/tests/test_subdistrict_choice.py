import re

from django.urls import reverse

from moralprovince.geo.models import Subdistrict
from moralprovince.testing import MoralTestCase


class SubdistrictChoiceTests(MoralTestCase):
    def test_each_subdistrict_is_offered_with_its_district(self):
        self.login(self.admin)
        page = self.client.get(reverse("organisations:organisation-create", args=["84"]))
        options = re.findall(r'<option value="\d{6}"[^>]*>([^<]+)</option>', page.content.decode())
        self.assertEqual(len(options), Subdistrict.objects.filter(province_id="84").count())
        self.assertEqual(len(set(options)), len(options))
        twice = [o for o in options if o.startswith("ตำบลคลองน้อย ")]
        self.assertEqual(len(twice), 2)
        self.assertTrue(all(re.fullmatch(r"ตำบล\S+ \(อำเภอ\S+\)", o) for o in options), options[:3])
