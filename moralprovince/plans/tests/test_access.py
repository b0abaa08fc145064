"""The plans rule table refuses people of another province, organisation or network, and the
pages and services refuse them through it."""

from django.urls import reverse

from moralprovince.accounts.access import NotAllowed
from moralprovince.accounts.models import RoleKind
from moralprovince.audit.models import AuditEntry
from moralprovince.organisations import access as organisations_access
from moralprovince.plans import access, services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Plan
from moralprovince.plans.services import GoalInput
from moralprovince.plans.tests.base import PlanTestCase
from moralprovince.testing import make_user


def reads_all(person):
    return organisations_access.can(person, "organisations.province.read_all", "84")


class PlanRuleTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.religion_coordinator = make_user(
            "religion-coordinator",
            RoleKind.NETWORK_COORDINATOR,
            province=cls.surat,
            network=cls.religion,
        )
        cls.temple_reporter = make_user(
            "temple-reporter",
            RoleKind.ORGANISATION_REPORTER,
            province=cls.surat,
            organisation=cls.temple,
        )
        cls.school_plan = Plan.objects.create(
            province=cls.surat, organisation=cls.school, fiscal_year=2564, title="แผนโรงเรียน"
        )

    def test_the_network_plan_is_written_by_its_coordinator_and_the_admin_only(self):
        for person, allowed in [
            (self.coordinator, True),
            (self.admin, True),
            (self.national, True),
            (self.religion_coordinator, False),
            (self.reporter, False),
            (self.evaluator, False),
            (self.outsider, False),
        ]:
            with self.subTest(person=person.username):
                self.assertEqual(access.can(person, "plans.write", self.plan), allowed)

    def test_an_organisations_plan_is_written_by_its_reporter_and_its_networks_coordinator(self):
        for person, allowed in [
            (self.reporter, True),
            (self.coordinator, True),
            (self.admin, True),
            (self.temple_reporter, False),
            (self.religion_coordinator, False),
            (self.outsider, False),
        ]:
            with self.subTest(person=person.username):
                self.assertEqual(access.can(person, "plans.write", self.school_plan), allowed)

    def test_a_new_unit_row_follows_the_same_rule(self):
        province, religion = Unit("84"), Unit("84", self.religion)
        self.assertTrue(access.can(self.admin, "plans.write", province))
        self.assertFalse(access.can(self.coordinator, "plans.write", province))
        self.assertFalse(access.can(self.coordinator, "plans.write", religion))
        self.assertTrue(access.can(self.religion_coordinator, "plans.write", religion))
        self.assertFalse(access.can(self.outsider, "plans.write", religion))

    def test_only_the_provinces_admins_review_and_its_readers_see_the_whole_province(self):
        for person in (self.coordinator, self.religion_coordinator, self.outsider):
            with self.subTest(person=person.username):
                self.assertFalse(access.can(person, "plans.review", self.plan))
                self.assertFalse(reads_all(person))
        self.assertTrue(access.can(self.admin, "plans.review", self.plan))
        self.assertTrue(reads_all(self.evaluator))
        self.assertFalse(access.can(self.evaluator, "plans.review", self.plan))

    def test_the_services_refuse_those_the_table_refuses(self):
        with self.assertRaises(NotAllowed):
            services.create_goal(
                actor=self.religion_coordinator, plan=self.plan, data=GoalInput(text="แอบเพิ่ม")
            )
        with self.assertRaises(NotAllowed):
            services.create_plan(
                actor=self.temple_reporter,
                unit=Unit("84", None, self.school),
                fiscal_year=2565,
                title="แอบทำ",
            )
        self.assertEqual(self.plan.goals.count(), 1)
        self.assertFalse(Plan.objects.filter(title="แอบทำ").exists())

    def test_the_pages_refuse_those_the_table_refuses(self):
        cases = [
            (self.outsider, reverse("plans:goal-create", args=[self.plan.pk])),
            (self.religion_coordinator, reverse("plans:goal-create", args=[self.plan.pk])),
            (self.temple_reporter, reverse("plans:goal-create", args=[self.school_plan.pk])),
            (self.religion_coordinator, reverse("plans:activity-edit", args=[self.camp.pk])),
        ]
        for person, url in cases:
            with self.subTest(person=person.username, url=url):
                self.login(person)
                self.assertEqual(self.client.post(url, {"text": "แอบเพิ่ม"}).status_code, 404)
        self.assertFalse(self.school_plan.goals.exists())
        self.assertEqual(self.plan.goals.count(), 1)

    def test_the_plan_page_offers_editing_only_to_those_who_may_write(self):
        self.login(self.evaluator)
        response = self.client.get(reverse("plans:plan", args=[self.school_plan.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["can_edit"])
        self.login(self.reporter)
        response = self.client.get(reverse("plans:plan", args=[self.school_plan.pk]))
        self.assertTrue(response.context["can_edit"])


class AuditBeforeTests(PlanTestCase):
    def test_an_edit_through_the_page_logs_what_the_row_was_before(self):
        self.login(self.coordinator)
        response = self.client.post(
            reverse("plans:goal-edit", args=[self.goal.pk]), {"number": 1, "text": "โรงเรียนสุจริต"}
        )
        self.assertRedirects(response, reverse("plans:plan", args=[self.plan.pk]))
        entry = AuditEntry.objects.get(action="plans.goal.updated")
        self.assertEqual(
            entry.changes, {"text": {"before": "โรงเรียนคุณธรรม", "after": "โรงเรียนสุจริต"}}
        )


class ImportRuleTests(PlanTestCase):
    def test_only_those_who_write_a_unit_of_the_province_import(self):

        url = reverse("plans:year-import", args=["84", 2564])
        for person, allowed in [
            (self.admin, True),
            (self.coordinator, True),
            (self.reporter, True),
            (self.evaluator, False),
            (self.viewer, False),
            (self.outsider, False),
        ]:
            with self.subTest(person=person.username):
                self.assertEqual(access.can(person, "plans.import", "84"), allowed)
                self.client.force_login(person)
                self.assertEqual(self.client.get(url).status_code, 200 if allowed else 404)
