"""The monitoring rule table refuses people of another province, organisation or network, and
the pages and services refuse them through it."""

from decimal import Decimal

from django.urls import reverse

from moralprovince.accounts.access import NotAllowed
from moralprovince.accounts.models import RoleKind
from moralprovince.audit.models import AuditEntry
from moralprovince.monitoring import access, services
from moralprovince.monitoring.models import ActivityReport, IndicatorValue, PeriodLock
from moralprovince.monitoring.services import TargetInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.organisations import access as organisations_access
from moralprovince.testing import make_user


class MonitoringRuleTests(MonitoringTestCase):
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

    def test_a_networks_indicator_is_written_by_its_coordinator_and_the_admin_only(self):
        for person, allowed in [
            (self.coordinator, True),
            (self.admin, True),
            (self.religion_coordinator, False),
            (self.temple_reporter, False),
            (self.evaluator, False),
            (self.outsider, False),
        ]:
            with self.subTest(person=person.username):
                self.assertEqual(
                    access.can(person, "monitoring.write", self.network_indicator), allowed
                )

    def test_an_activity_is_reported_by_the_plans_writers_and_the_responsible_organisation(self):
        # The training is the education network's, and the school is responsible for it.
        for person, allowed in [
            (self.coordinator, True),
            (self.reporter, True),
            (self.admin, True),
            (self.temple_reporter, False),
            (self.religion_coordinator, False),
            (self.evaluator, False),
            (self.outsider, False),
        ]:
            with self.subTest(person=person.username):
                self.assertEqual(access.can(person, "monitoring.report", self.training), allowed)

    def test_locks_reviews_and_visits_belong_to_the_provinces_admins_and_evaluators(self):
        rules = [
            ("monitoring.lock", "84", {self.admin}),
            ("monitoring.review", self.network_indicator, {self.admin}),
            ("monitoring.record_visit", "84", {self.admin, self.evaluator}),
        ]
        people = [self.admin, self.evaluator, self.coordinator, self.reporter, self.outsider]
        for action, obj, allowed in rules:
            for person in people:
                with self.subTest(action=action, person=person.username):
                    self.assertEqual(access.can(person, action, obj), person in allowed)
        for person in people:
            with self.subTest(action="organisations.province.read_all", person=person.username):
                reads = organisations_access.can(person, "organisations.province.read_all", "84")
                self.assertEqual(reads, person in {self.admin, self.evaluator})

    def test_the_services_refuse_those_the_table_refuses(self):
        with self.assertRaises(NotAllowed):
            services.update_target(
                actor=self.religion_coordinator,
                indicator=self.network_indicator,
                data=TargetInput(fiscal_year=2564, period="Y", value=Decimal(1)),
            )
        with self.assertRaises(NotAllowed):
            self.enter(self.network_indicator, "Q1", 1, user=self.temple_reporter)
        with self.assertRaises(NotAllowed):
            services.lock_period(
                actor=self.outsider, province=self.surat, fiscal_year=2564, period="Q1"
            )
        self.assertFalse(self.network_indicator.targets.filter(period="Y").exists())
        self.assertFalse(IndicatorValue.objects.exists())
        self.assertFalse(PeriodLock.objects.exists())

    def test_the_pages_refuse_those_the_table_refuses(self):
        value = {"fiscal_year": 2564, "period": "Q1", "value": "1"}
        report = {
            "held_on": "24/11/2563",
            "subdistrict": "841301",
            "participants": "10",
            "description": "แอบรายงาน",
        }
        cases = [
            (self.religion_coordinator, "monitoring:value-save", self.network_indicator.pk, value),
            (self.outsider, "monitoring:value-save", self.network_indicator.pk, value),
            (self.temple_reporter, "monitoring:report-create", self.training.pk, report),
            (self.religion_coordinator, "monitoring:report-create", self.training.pk, report),
            (self.coordinator, "monitoring:periods", "84", {"period": "Q1"}),
            (self.outsider, "monitoring:visit-create", "84", {}),
        ]
        for person, name, arg, data in cases:
            with self.subTest(person=person.username, page=name):
                self.login(person)
                self.assertEqual(self.client.post(reverse(name, args=[arg]), data).status_code, 404)
        self.assertFalse(IndicatorValue.objects.exists())
        self.assertFalse(ActivityReport.objects.exists())
        self.assertFalse(PeriodLock.objects.exists())

    def test_the_indicator_page_offers_entry_only_to_those_who_may_write(self):
        url = reverse("monitoring:indicator", args=[self.network_indicator.pk])
        for person, allowed in [(self.coordinator, True), (self.evaluator, False)]:
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get(url).context["can_write"], allowed)


class AuditBeforeTests(MonitoringTestCase):
    def test_an_indicator_edited_through_the_page_logs_what_it_was_before(self):
        self.login(self.coordinator)
        data = {
            "code": "E1",
            "name_th": "จำนวนโรงเรียนคุณธรรม",
            "unit": "number",
            "direction": "up",
            "frequency": "quarter",
            "aggregation": "sum",
        }
        url = reverse("monitoring:indicator-edit", args=[self.network_indicator.pk])
        self.client.post(url, data)
        entry = AuditEntry.objects.get(action="monitoring.indicator.updated")
        self.assertEqual(
            entry.changes["name_th"],
            {"before": "จำนวนโรงเรียนที่จัดกิจกรรม", "after": "จำนวนโรงเรียนคุณธรรม"},
        )
