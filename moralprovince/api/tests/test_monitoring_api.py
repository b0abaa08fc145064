from moralprovince.api.tests.test_api import ApiTestCase
from moralprovince.monitoring.models import ActivityReport, IndicatorValue, MonitoringVisit
from moralprovince.monitoring.tests.base import MonitoringTestCase


class MonitoringApiTests(MonitoringTestCase, ApiTestCase):
    def test_the_outsider_gets_nothing_of_surat_thanis_monitoring(self):
        self.approved(self.network_indicator, "Q1", 3)
        for path in [
            "indicators/",
            "targets/",
            "indicator-values/",
            "activity-reports/",
            "visits/",
        ]:
            with self.subTest(path=path):
                self.assertEqual(self.call(self.outsider, "get", path).json()["results"], [])
        value = IndicatorValue.objects.get()
        self.assertEqual(
            self.call(self.outsider, "get", f"indicators/{self.network_indicator.pk}/").status_code,
            404,
        )
        self.assertEqual(
            self.call(
                self.outsider, "post", f"indicator-values/{value.pk}/return/", {"comment": "x"}
            ).status_code,
            404,
        )
        posted = self.call(
            self.outsider,
            "post",
            "indicator-values/",
            {
                "indicator": self.network_indicator.pk,
                "fiscal_year": 2564,
                "period": "Q2",
                "value": "1",
            },
        )
        self.assertEqual(posted.status_code, 400)
        self.assertIn("indicator", posted.json())

    def test_values_are_entered_submitted_and_approved(self):
        created = self.call(
            self.coordinator,
            "post",
            "indicator-values/",
            {
                "indicator": self.network_indicator.pk,
                "fiscal_year": 2564,
                "period": "Q1",
                "value": "๓",
            },
        )
        self.assertEqual(created.status_code, 201, created.content)
        pk = created.json()["id"]
        self.assertEqual(
            self.call(self.coordinator, "post", f"indicator-values/{pk}/submit/").json()["status"],
            "submitted",
        )
        self.assertEqual(
            self.call(self.coordinator, "post", f"indicator-values/{pk}/approve/").status_code, 403
        )
        approved = self.call(self.admin, "post", f"indicator-values/{pk}/approve/").json()
        self.assertEqual(
            (approved["status"], approved["reviewed_by"], approved["value"]),
            ("approved", "admin", "3.00"),
        )

    def test_bad_values_are_400s(self):
        percent = self.call(
            self.admin,
            "post",
            "indicator-values/",
            {
                "indicator": self.province_indicator.pk,
                "fiscal_year": 2564,
                "period": "Q1",
                "value": "101",
            },
        )
        self.assertEqual(percent.status_code, 400)
        text = self.call(
            self.admin,
            "post",
            "indicator-values/",
            {
                "indicator": self.province_indicator.pk,
                "fiscal_year": 2564,
                "period": "Q1",
                "value": "มาก",
            },
        )
        self.assertIn("value", text.json())
        period = self.call(
            self.admin,
            "post",
            "indicator-values/",
            {
                "indicator": self.province_indicator.pk,
                "fiscal_year": 2564,
                "period": "H1",
                "value": "5",
            },
        )
        self.assertIn("period", period.json())
        self.assertFalse(IndicatorValue.objects.exists())

    def test_targets_indicators_reports_and_visits(self):
        target = self.call(
            self.coordinator,
            "post",
            "targets/",
            {
                "indicator": self.network_indicator.pk,
                "fiscal_year": 2564,
                "period": "Y",
                "value": "20",
            },
        )
        self.assertEqual(target.status_code, 201, target.content)
        indicator = self.call(
            self.coordinator,
            "post",
            "indicators/",
            {
                "province": "84",
                "network": self.education.pk,
                "name_th": "ครูที่ผ่านการอบรม",
                "source": "participants",
                "dimensions": ["sex"],
            },
        )
        self.assertEqual(indicator.status_code, 201, indicator.content)
        refused = self.call(
            self.coordinator, "post", "indicators/", {"province": "84", "name_th": "ระดับจังหวัด"}
        )
        self.assertEqual(refused.status_code, 403)
        report = self.call(
            self.coordinator,
            "post",
            "activity-reports/",
            {
                "activity": self.training.pk,
                "held_on": "2020-11-24",
                "subdistrict": "841301",
                "participants": 90,
                "description": "อบรม",
            },
        )
        self.assertEqual(report.status_code, 201, report.content)
        self.assertEqual(ActivityReport.objects.get().participants, 90)
        visit = self.call(
            self.evaluator,
            "post",
            "visits/",
            {"province": "84", "visited_on": "2020-12-25", "team": "คณะ", "findings": "พบ"},
        )
        self.assertEqual(visit.status_code, 201, visit.content)
        self.assertEqual(
            self.call(
                self.coordinator,
                "post",
                "visits/",
                {"province": "84", "visited_on": "2020-12-25", "team": "x", "findings": "y"},
            ).status_code,
            400,
        )
        self.assertEqual(MonitoringVisit.objects.count(), 1)
