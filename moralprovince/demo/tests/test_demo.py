from django.apps import apps
from django.core.management import call_command
from django.test import TestCase

from moralprovince.accounts.models import User
from moralprovince.accounts.scope import scope_for
from moralprovince.demo.services import load_demo
from moralprovince.organisations.models import Network, Organisation, Programme


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


class DemoTests(TestCase):
    def test_the_demo_is_surat_thani_with_its_eight_networks_and_demo_people(self):
        load_demo(password="demo-pass")
        programme = Programme.objects.get(province_id="84")
        self.assertEqual(
            list(programme.years.values_list("fiscal_year", "year_number")),
            [(2563, 1), (2564, 2), (2565, 3)],
        )
        networks = Network.objects.filter(province_id="84")
        self.assertEqual(networks.count(), 8)
        self.assertEqual(networks.get(number=8).name_th, "เครือข่ายสาธารณสุขและอาสาสมัครต่าง ๆ")
        orgs = Organisation.objects.filter(province_id="84")
        self.assertGreaterEqual(orgs.count(), 100)
        self.assertEqual(orgs.values("subdistrict__district").distinct().count(), 19)
        for name in ["มหาวิทยาลัยราชภัฏสุราษฎร์ธานี", "มหาวิทยาลัยตาปี", "สำนักงานวัฒนธรรมจังหวัดสุราษฎร์ธานี"]:
            self.assertFalse(orgs.get(name_th=name).is_sample)
        self.assertTrue(orgs.filter(is_sample=True).count() >= 90)
        self.assertEqual(Network.objects.filter(province_id="57").count(), 13)
        for username in [
            "national",
            "province",
            "coordinator",
            "reporter",
            "evaluator",
            "outsider",
        ]:
            self.assertTrue(User.objects.get(username=username).check_password("demo-pass"))
        self.assertFalse(scope_for(User.objects.get(username="outsider")).is_member_of("84"))

    def test_loading_twice_changes_nothing(self):
        load_demo(password="demo-pass")
        before = row_counts()
        load_demo(password="demo-pass")
        self.assertEqual(row_counts(), before)

    def test_setting_up_without_the_demo_creates_no_users(self):
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        self.assertFalse(User.objects.exists())
