import tempfile

from django.db.models import Count
from django.test import TestCase, override_settings
from django.urls import reverse

from moralprovince.accounts.models import User
from moralprovince.assessments.levels import decide_assessment
from moralprovince.assessments.models import Assessment, AssessmentStatus, Round
from moralprovince.demo.services import load_demo


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="moralprovince-demo-assessments-"))
class DemoAssessmentTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-password")

    def test_the_first_year_is_approved_at_every_level_and_the_second_in_progress(self) -> None:
        first = Round.objects.get(province_id="84", fiscal_year=2563)
        self.assertTrue(first.is_sample)
        levels = dict(first.assessments.values_list("level").annotate(n=Count("pk")).order_by())
        self.assertTrue({1, 2, 3} <= set(levels))
        self.assertFalse(first.assessments.exclude(status=AssessmentStatus.APPROVED).exists())
        second = Round.objects.get(province_id="84", fiscal_year=2564)
        statuses = set(second.assessments.values_list("status", flat=True))
        self.assertEqual(statuses, set(AssessmentStatus.values))
        approved = second.assessments.filter(status=AssessmentStatus.APPROVED)
        self.assertEqual(set(approved.values_list("level", flat=True)), {1, 2, 3})
        self.assertTrue(approved.filter(outstanding=True).exists())

    def test_every_stored_level_follows_from_its_scores(self) -> None:
        for assessment in Assessment.objects.exclude(status=AssessmentStatus.NOT_STARTED):
            self.assertEqual(decide_assessment(assessment).level, assessment.level)

    def test_the_board_shows_movement_and_chiang_rai_sees_none_of_it(self) -> None:
        second = Round.objects.get(province_id="84", fiscal_year=2564)
        self.client.force_login(User.objects.get(username="province"))
        response = self.client.get(reverse("assessments:board", args=[second.pk]))
        self.assertEqual(sum(response.context["movement"].values()) > 0, True)
        self.client.force_login(User.objects.get(username="outsider"))
        self.assertEqual(
            self.client.get(reverse("assessments:board", args=[second.pk])).status_code, 404
        )
        own = Round.objects.get(province_id="57")
        self.assertEqual(
            self.client.get(reverse("assessments:board", args=[own.pk])).status_code, 200
        )

    def test_loading_again_adds_no_round(self) -> None:
        before = Assessment.objects.count()
        load_demo(password="demo-password")
        self.assertEqual(Assessment.objects.count(), before)
