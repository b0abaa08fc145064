"""Forms say only what applies to them, and offer only what can be done."""

from django.urls import reverse

from moralprovince.plans.models import Plan
from moralprovince.plans.tests.base import PlanTestCase

DATE_HINT = "13/11/2563"


class FormHintTests(PlanTestCase):
    def test_the_date_hint_is_on_the_forms_that_ask_for_a_date_only(self):
        self.login(self.coordinator)
        hint = "วัน/เดือน/ปี"
        pages = {
            reverse("plans:goal-create", args=[self.plan.pk]): False,
            reverse("plans:goal-edit", args=[self.goal.pk]): False,
            reverse("plans:budget-create", args=[self.training.pk]): False,
            reverse("plans:activity-create", args=[self.plan.pk]): True,
            reverse("plans:activity-edit", args=[self.training.pk]): True,
        }
        for url, has_dates in pages.items():
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                self.assertEqual(hint in page, has_dates)


class StartPlanLinkTests(PlanTestCase):
    def year_page(self, user) -> str:
        self.login(user)
        return self.client.get(reverse("plans:year", args=["84", 2564])).content.decode()

    def test_start_is_offered_only_to_units_without_a_plan_this_year(self):
        create = reverse("plans:plan-create", args=["84", 2564])
        page = self.year_page(self.coordinator)
        self.assertNotIn(f"{create}?network={self.education.pk}", page)
        page = self.year_page(self.admin)
        self.assertNotIn(f"{create}?network={self.education.pk}", page)
        self.assertIn(f"{create}?network={self.religion.pk}", page)
        self.assertIn(f'href="{create}"', page)
        page = self.year_page(self.reporter)
        self.assertIn(f"{create}?organisation={self.school.pk}", page)

    def test_a_stale_start_link_leads_to_the_plan_there_is(self):
        self.login(self.coordinator)
        url = reverse("plans:plan-create", args=["84", 2564]) + f"?network={self.education.pk}"
        response = self.client.get(url)
        self.assertRedirects(response, reverse("plans:plan", args=[self.plan.pk]))
        self.client.post(url, {"title": "แผนซ้ำ"})
        self.assertEqual(Plan.objects.count(), 1)
