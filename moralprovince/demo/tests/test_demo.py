import shutil
import tempfile

from django.apps import apps
from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from PIL import Image

from moralprovince.accounts.models import User
from moralprovince.accounts.scope import scope_for
from moralprovince.demo.services import load_demo
from moralprovince.knowledge.models import NewsPhoto
from moralprovince.lib.fiscal import fiscal_year_bounds
from moralprovince.monitoring.models import (
    ActivityReport,
    Indicator,
    IndicatorValue,
    IndicatorYearTotal,
    MonitoringVisit,
    PeriodLock,
)
from moralprovince.organisations.models import Network, Organisation, Programme
from moralprovince.plans.models import Activity, Declaration, Plan
from moralprovince.surveys import queries as survey_queries
from moralprovince.surveys.models import Response, SurveyRound

YEARS = [2563, 2564, 2565]
MEDIA = tempfile.mkdtemp(prefix="moralprovince-demo-")


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


@override_settings(MEDIA_ROOT=MEDIA)
class DemoTests(TestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_the_demo_is_surat_thani_with_its_eight_networks_and_demo_people(self):
        load_demo(password="demo-pass")
        programme = Programme.objects.get(province_id="84")
        self.assertEqual(
            list(programme.years.values_list("fiscal_year", "year_number")),
            [(2563, 1), (2564, 2), (2565, 3)],
        )
        self.assertIn("ข้อมูลตัวอย่าง", programme.description)
        networks = Network.objects.filter(province_id="84")
        self.assertEqual(networks.count(), 8)
        self.assertEqual(networks.get(number=8).name_th, "เครือข่ายสาธารณสุขและอาสาสมัครต่าง ๆ")
        orgs = Organisation.objects.filter(province_id="84")
        self.assertEqual(orgs.count(), 101)
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


@override_settings(MEDIA_ROOT=MEDIA)
class DemoHistoryTests(TestCase):
    """Three years of history, a survey with results and news with photos."""

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-pass")

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_each_year_has_plans_of_the_province_its_networks_and_organisations(self):
        for fy in YEARS:
            with self.subTest(fy=fy):
                plans = Plan.objects.filter(province_id="84", fiscal_year=fy)
                self.assertTrue(plans.filter(network=None, organisation=None).exists())
                self.assertEqual(plans.filter(network__isnull=False).count(), 8)
                self.assertTrue(plans.filter(organisation__isnull=False).exists())
                self.assertTrue(
                    Declaration.objects.filter(province_id="84", fiscal_year=fy).exists()
                )
                reported = ActivityReport.objects.filter(activity__plan__fiscal_year=fy)
                self.assertGreater(reported.count(), 15)
                visits = MonitoringVisit.objects.filter(
                    province_id="84", visited_on__range=fiscal_year_bounds(fy)
                )
                self.assertTrue(visits.exists())

    def test_every_year_has_approved_values_that_change_from_year_to_year(self):
        totals = {}
        for fy in YEARS:
            approved = IndicatorValue.objects.filter(
                province_id="84", fiscal_year=fy, status="approved"
            )
            self.assertGreater(approved.count(), 40)
            totals[fy] = dict(
                IndicatorYearTotal.objects.filter(
                    province_id="84", fiscal_year=fy, network=None, organisation=None
                ).values_list("indicator__code", "actual")
            )
        for code in ("P1", "P2", "P3"):
            with self.subTest(code=code):
                self.assertEqual(len({totals[fy][code] for fy in YEARS}), 3, totals)

    def test_the_latest_year_leaves_something_owed_and_the_first_is_closed(self):
        latest = IndicatorValue.objects.filter(province_id="84", fiscal_year=2565)
        network_q4 = latest.filter(indicator__network__isnull=False, period="Q4")
        self.assertEqual(network_q4.filter(status="approved").count(), 4)
        self.assertTrue(latest.filter(status="returned").exists())
        self.assertTrue(latest.filter(status="submitted").exists())
        media = Indicator.objects.get(province_id="84", network__number=5)
        self.assertFalse(latest.filter(indicator=media, period__in=["Q3", "Q4"]).exists())
        unreported = Activity.objects.filter(
            province_id="84", plan__fiscal_year=2565, status="planned"
        ).exclude(pk__in=ActivityReport.objects.values("activity"))
        self.assertEqual(unreported.count(), 2)
        self.assertTrue(
            PeriodLock.objects.filter(province_id="84", fiscal_year=2563, period="Y").exists()
        )

    def test_a_survey_round_has_results_with_small_schools_hidden(self):
        rounds = SurveyRound.objects.filter(province_id="84").order_by("fiscal_year")
        self.assertEqual([r.fiscal_year for r in rounds], [2564, 2565])
        latest = rounds.last()
        assert latest is not None
        self.assertIn("ข้อมูลตัวอย่าง", latest.name)
        answered = dict(
            Response.objects.filter(round=latest)
            .values_list("school_id")
            .annotate(n=Count("key"))
            .values_list("school_id", "n")
        )
        context = survey_queries.results_context(latest)
        self.assertGreater(context["overall"].n, 500)
        self.assertFalse(context["overall"].suppressed)
        schools = context["schools"]
        self.assertEqual(len(schools), 10)
        for figure in schools:
            self.assertEqual(figure.n, answered.get(int(figure.key), 0))
        shown = [f for f in schools if not f.suppressed]
        below = [f for f in schools if 0 < f.n < 10]
        self.assertGreaterEqual(len(shown), 5)
        self.assertIn(len(below), (1, 2))
        self.assertTrue(all(f.suppressed for f in below))
        self.assertEqual(len([f for f in schools if f.n == 0]), 1)
        self.assertEqual(len(context["trend_rows"]), 2)

    def test_news_has_drawn_photos_marked_as_sample(self):
        photos = NewsPhoto.objects.filter(post__province_id="84").select_related("post")
        self.assertGreaterEqual(photos.count(), 8)
        self.assertEqual(photos.values("post").distinct().count(), 5)
        for photo in photos:
            self.assertTrue(photo.post.is_sample)
            self.assertTrue(photo.post.is_published)
            self.assertTrue(photo.post.body.startswith("<p>ข้อมูลตัวอย่าง"))
            with photo.image.open("rb") as stored, Image.open(stored) as image:
                self.assertEqual(image.format, "JPEG")
                self.assertEqual(image.size, (1200, 800))
