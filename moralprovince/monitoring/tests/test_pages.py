from django.urls import reverse

from moralprovince.monitoring.models import Indicator, MonitoringVisit
from moralprovince.monitoring.tests.base import MonitoringTestCase


class MonitoringPageAccessTests(MonitoringTestCase):
    def test_the_outsider_gets_nothing_of_surat_thanis_monitoring(self):
        visit = MonitoringVisit.objects.create(
            province=self.surat, visited_on="2020-10-15", team="ทีม", findings="พบ"
        )
        urls = [
            reverse("monitoring:indicators", args=["84"]),
            reverse("monitoring:indicator-create", args=["84"]),
            reverse("monitoring:indicator", args=[self.network_indicator.pk]),
            reverse("monitoring:indicator-edit", args=[self.network_indicator.pk]),
            reverse("monitoring:iptt", args=["84"]),
            reverse("monitoring:plan-iptt", args=[self.plan.pk]),
            reverse("monitoring:dashboard", args=["84"]),
            reverse("monitoring:status", args=["84"]),
            reverse("monitoring:periods", args=["84"]),
            reverse("monitoring:visits", args=["84"]),
            reverse("monitoring:visit-create", args=["84"]),
            reverse("monitoring:visit-edit", args=[visit.pk]),
            reverse("monitoring:report-create", args=[self.camp.pk]),
        ]
        self.login(self.outsider)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_coordinator_defines_an_indicator_for_their_network_only(self):
        self.login(self.coordinator)
        create = reverse("monitoring:indicator-create", args=["84"])
        data = {
            "name_th": "จำนวนโรงเรียนคุณธรรม",
            "unit": "number",
            "direction": "up",
            "frequency": "quarter",
            "aggregation": "sum",
        }
        self.assertEqual(
            self.client.post(f"{create}?network={self.religion.pk}", data).status_code, 404
        )
        self.assertEqual(self.client.post(create, data).status_code, 404)
        response = self.client.post(f"{create}?network={self.education.pk}", data)
        indicator = Indicator.objects.get(name_th="จำนวนโรงเรียนคุณธรรม")
        self.assertRedirects(response, reverse("monitoring:indicator", args=[indicator.pk]))
        self.assertEqual(indicator.network, self.education)

    def test_evaluators_record_visits_and_coordinators_cannot(self):
        self.login(self.coordinator)
        self.assertEqual(
            self.client.get(reverse("monitoring:visit-create", args=["84"])).status_code, 404
        )
        self.login(self.evaluator)
        response = self.client.post(
            reverse("monitoring:visit-create", args=["84"]),
            {
                "visited_on": "25/12/2563",
                "team": "คณะผู้ประเมิน",
                "organisations": [self.school.pk],
                "findings": "ชุมชนเข้มแข็ง",
            },
        )
        self.assertRedirects(response, reverse("monitoring:visits", args=["84"]))
        visit = MonitoringVisit.objects.get()
        self.assertEqual(
            (visit.visited_on.isoformat(), visit.created_by), ("2020-12-25", self.evaluator)
        )
        page = self.client.get(reverse("monitoring:visits", args=["84"]))
        self.assertContains(page, "25 ธันวาคม 2563")

    def test_only_admins_lock_periods(self):
        self.login(self.coordinator)
        self.assertEqual(
            self.client.post(
                reverse("monitoring:periods", args=["84"]) + "?fy=2564", {"period": "Q1"}
            ).status_code,
            404,
        )
        self.login(self.admin)
        self.client.post(reverse("monitoring:periods", args=["84"]) + "?fy=2564", {"period": "Q1"})
        page = self.client.get(reverse("monitoring:periods", args=["84"]) + "?fy=2564")
        self.assertContains(page, "Q1")
