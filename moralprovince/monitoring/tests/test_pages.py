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


class YearChoiceTests(MonitoringTestCase):
    """Year-based pages say which year they show and link to each of the programme's years."""

    def pages(self) -> list[str]:
        return [
            reverse("monitoring:dashboard", args=["84"]),
            reverse("monitoring:iptt", args=["84"]),
            reverse("monitoring:status", args=["84"]),
            reverse("monitoring:periods", args=["84"]),
            reverse("monitoring:indicators", args=["84"]),
            reverse("monitoring:indicator", args=[self.network_indicator.pk]),
        ]

    def test_each_page_opens_on_the_year_with_data_and_links_to_the_others(self):
        self.programme.years.create(fiscal_year=2565, year_number=3)
        self.login(self.admin)
        for url in self.pages():
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertEqual(page.context["fy"], 2564)
                self.assertContains(page, 'class="year-select"')
                self.assertContains(page, 'href="?fy=2565"')

    def test_the_iptt_keeps_the_unit_when_the_year_changes(self):
        self.programme.years.create(fiscal_year=2565, year_number=3)
        self.login(self.admin)
        page = self.client.get(
            reverse("monitoring:iptt", args=["84"]) + f"?network={self.education.pk}"
        )
        self.assertContains(page, f'href="?network={self.education.pk}&amp;fy=2565"')

    def test_with_no_data_the_programmes_latest_year_so_far_is_shown(self):
        Indicator.objects.all().delete()
        self.plan.delete()
        self.programme.years.create(fiscal_year=2565, year_number=3)
        self.login(self.admin)
        page = self.client.get(reverse("monitoring:dashboard", args=["84"]))
        self.assertEqual(page.context["fy"], 2565)

    def test_periods_and_figures_are_written_for_people(self):
        self.approved(self.network_indicator, "Q1", 1250)
        self.login(self.admin)
        page = self.client.get(
            reverse("monitoring:indicator", args=[self.network_indicator.pk]) + "?fy=2564"
        )
        self.assertContains(page, "ไตรมาส 1")
        self.assertContains(page, "1,250")
        self.assertNotContains(page, "<td>Q1")
        self.assertContains(page, '<option value="Q3">ไตรมาส 3</option>', html=True)

    def test_a_year_that_is_not_a_buddhist_era_year_is_not_found(self):
        self.login(self.admin)
        for fy in ("1", "20210", "ปี"):
            with self.subTest(fy=fy):
                response = self.client.get(reverse("monitoring:iptt", args=["84"]) + f"?fy={fy}")
                self.assertEqual(response.status_code, 404)
