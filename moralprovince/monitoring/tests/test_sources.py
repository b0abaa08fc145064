import datetime as dt
from decimal import Decimal

from django.urls import reverse

from moralprovince.geo.models import Subdistrict
from moralprovince.monitoring import services
from moralprovince.monitoring.services import ActivityReportInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans.models import ActivityStatus


class ComputedIndicatorTests(MonitoringTestCase):
    def report(self, activity, day, people):
        return services.create_activity_report(
            actor=self.coordinator,
            activity=activity,
            data=ActivityReportInput(
                held_on=day,
                subdistrict=Subdistrict.objects.get(pk="841301"),
                participants=people,
                description="จัดกิจกรรม",
            ),
        )

    def test_a_computed_indicator_equals_the_count_of_its_records(self):
        indicator = self.make_indicator(
            self.education, "E9", "รายงานกิจกรรม", source="activity_reports"
        )
        self.report(self.training, dt.date(2020, 11, 24), 100)
        self.report(self.training, dt.date(2020, 12, 2), 20)
        self.report(self.camp, dt.date(2021, 4, 6), 200)
        value = services.compute_value(
            actor=self.coordinator, indicator=indicator, fiscal_year=2564, period="Q1"
        )
        self.assertEqual((value.value, value.computed), (Decimal(2), True))
        self.login(self.evaluator)
        page = self.client.get(reverse("monitoring:records", args=[indicator.pk, 2564, "Q1"]))
        self.assertEqual(page.context["count"], 2)
        self.assertEqual(len(page.context["table"]), 2)
        self.assertContains(page, "24 พฤศจิกายน 2563")

    def test_computing_without_a_period_says_which_periods_there_are(self):
        indicator = self.make_indicator(
            self.education, "E9", "รายงานกิจกรรม", source="activity_reports"
        )
        self.login(self.coordinator)
        url = reverse("monitoring:value-compute", args=[indicator.pk])
        response = self.client.post(f"{url}?fy=2564", {"period": ""}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ไตรมาส 1, ไตรมาส 2, ไตรมาส 3, ไตรมาส 4")
        self.assertFalse(indicator.values.exists())

    def test_participants_done_activities_and_money_spent_are_computed(self):
        participants = self.make_indicator(None, "P2", "ผู้เข้าร่วม", source="participants")
        done = self.make_indicator(self.education, "E3", "กิจกรรมที่เสร็จ", source="activities_done")
        spent = self.make_indicator(self.education, "E4", "งบที่ใช้", source="budget_spent")
        self.report(self.training, dt.date(2020, 11, 24), 120)
        self.training.status = ActivityStatus.DONE
        self.training.save()
        cases = [(participants, Decimal(120)), (done, Decimal(1)), (spent, Decimal(90000))]
        for indicator, expected in cases:
            with self.subTest(indicator=indicator.code):
                value = services.compute_value(
                    actor=self.admin, indicator=indicator, fiscal_year=2564, period="Q1"
                )
                self.assertEqual(value.value, expected)

    def test_the_records_page_is_closed_to_outsiders(self):
        indicator = self.make_indicator(
            self.education, "E9", "รายงานกิจกรรม", source="activity_reports"
        )
        self.login(self.outsider)
        self.assertEqual(
            self.client.get(
                reverse("monitoring:records", args=[indicator.pk, 2564, "Q1"])
            ).status_code,
            404,
        )
