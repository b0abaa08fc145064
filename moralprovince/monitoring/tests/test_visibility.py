"""Every list in monitoring shows a reader only what the records' own rules let them open:
a coordinator or a reporter sees nothing of another network's or organisation's work,
not in the records a figure counts, the IPTT drill-down, the API lists or a job's files."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.urls import reverse

from moralprovince.accounts.models import Role, RoleKind
from moralprovince.accounts.services import create_api_token
from moralprovince.core.files import url_for
from moralprovince.framework.models import Strategy
from moralprovince.geo.models import Subdistrict
from moralprovince.jobs.models import JobFile
from moralprovince.monitoring import services, sources
from moralprovince.monitoring.services import ActivityReportInput, TargetInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans import services as plans
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Activity, FundingSource
from moralprovince.testing import make_user

# The religion network's and the university's own work, which others must not see.
ORDINATION = "บวชสามเณรภาคฤดูร้อน"
VOLUNTEERS = "ค่ายอาสามหาวิทยาลัย"
TRAINING = "อบรมครูแกนนำ"


class VisibilityTestCase(MonitoringTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.religion_coordinator = make_user(
            "religion-coordinator",
            RoleKind.NETWORK_COORDINATOR,
            province=cls.surat,
            network=cls.religion,
        )
        cls.ordination = cls.unit_activity(Unit("84", cls.religion), ORDINATION, cls.temple)
        cls.volunteers = cls.unit_activity(
            Unit("84", organisation=cls.university), VOLUNTEERS, cls.university
        )
        for activity, people in ((cls.training, 120), (cls.ordination, 45), (cls.volunteers, 60)):
            services.create_activity_report(
                actor=cls.admin,
                activity=activity,
                data=ActivityReportInput(
                    held_on=dt.date(2020, 12, 1),
                    subdistrict=Subdistrict.objects.get(pk="841301"),
                    participants=people,
                    description="รายงาน",
                ),
            )
        cls.province_people = cls.make_indicator(
            None, "P9", "ผู้เข้าร่วมทั้งจังหวัด", source="participants"
        )
        cls.education_people = cls.make_indicator(
            cls.education, "E9", "ผู้เข้าร่วมเครือข่ายการศึกษา", source="participants"
        )
        cls.province_done = cls.make_indicator(None, "P8", "กิจกรรมที่ทำแล้ว", source="activities_done")
        cls.province_spent = cls.make_indicator(None, "P7", "งบที่ใช้", source="budget_spent")
        cls.religion_indicator = cls.make_indicator(cls.religion, "R1", "จำนวนวัด")
        services.update_target(
            actor=cls.admin,
            indicator=cls.religion_indicator,
            data=TargetInput(fiscal_year=2564, period="Q1", value=Decimal(3)),
        )

    @classmethod
    def unit_activity(cls, unit: Unit, title: str, responsible: Any) -> Activity:
        plan = plans.create_plan(actor=cls.admin, unit=unit, fiscal_year=2564, title=title)
        goal = plans.create_goal(actor=cls.admin, plan=plan, data=plans.GoalInput(text=title))
        activity = plans.create_activity(
            actor=cls.admin,
            plan=plan,
            data=plans.ActivityInput(
                goal=goal,
                title=title,
                start=dt.date(2020, 12, 1),
                end=dt.date(2020, 12, 1),
                responsible=responsible,
                strategy=Strategy.objects.get(master_plan__start_year=2559, number=1),
            ),
        )
        plans.create_budget_line(
            actor=cls.admin,
            activity=activity,
            data=plans.BudgetLineInput(
                source=FundingSource.objects.get(code="own"), amount=Decimal(5000), state="spent"
            ),
        )
        return activity


class RecordsTests(VisibilityTestCase):
    def records(self, user: Any, indicator: Any) -> str:
        self.login(user)
        url = reverse("monitoring:records", args=[indicator.pk, 2564, "Q1"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_each_reader_sees_only_the_records_of_plans_they_may_open(self):
        cases = [
            # (reader, indicator, titles shown, titles and names hidden)
            (self.reporter, self.education_people, [TRAINING], [VOLUNTEERS]),
            (self.reporter, self.province_people, [TRAINING], [VOLUNTEERS, ORDINATION]),
            (self.reporter, self.province_done, [TRAINING], [VOLUNTEERS, ORDINATION, "วัดพระ"]),
            (self.coordinator, self.province_people, [TRAINING, VOLUNTEERS], [ORDINATION]),
            (self.coordinator, self.province_spent, [TRAINING, VOLUNTEERS], [ORDINATION]),
            (self.religion_coordinator, self.province_people, [ORDINATION], [TRAINING, VOLUNTEERS]),
            (
                self.religion_coordinator,
                self.province_done,
                [ORDINATION],
                [TRAINING, VOLUNTEERS, "มหาวิทยาลัยราชภัฏ", "โรงเรียนบ้านนาเดิม"],
            ),
            (self.viewer, self.province_people, [ORDINATION], [TRAINING, VOLUNTEERS]),
        ]
        for reader, indicator, shown, hidden in cases:
            with self.subTest(reader=reader.username, indicator=indicator.code):
                page = self.records(reader, indicator)
                for title in shown:
                    self.assertIn(title, page)
                for title in hidden:
                    self.assertNotIn(title, page)
                self.assertIn('id="records-hidden"', page)

    def test_the_figure_counts_every_record_and_the_admin_sees_them_all(self):
        page = self.records(self.admin, self.province_people)
        for title in (TRAINING, VOLUNTEERS, ORDINATION):
            self.assertIn(title, page)
        self.assertNotIn('id="records-hidden"', page)
        self.assertIn('<strong id="figure">225</strong>', page)
        # The reporter sees the same figure, as the indicator's value shows it.
        self.assertIn(
            '<strong id="figure">225</strong>', self.records(self.reporter, self.province_people)
        )

    def test_a_source_of_a_later_stage_lists_its_records_to_province_readers(self):
        # As the survey's source does: a column of a related row, and no rule of its own.
        people = sources.SOURCES["participants"]
        key = "test_plan_titles"
        sources.register(
            replace(
                people,
                key=key,
                columns=(("plan", "activity.plan.title"), ("x", "no.such")),
                visible=None,
            )
        )
        self.addCleanup(sources.SOURCES.pop, key)
        indicator = self.make_indicator(None, "P6", "ชื่อแผน", source=key)
        page = self.records(self.evaluator, indicator)
        self.assertIn(ORDINATION, page)
        self.assertNotIn('id="records-hidden"', page)
        page = self.records(self.coordinator, indicator)
        self.assertNotIn(ORDINATION, page)
        self.assertNotIn(self.plan.title, page)
        self.assertIn('id="records-hidden"', page)


class DrillDownTests(VisibilityTestCase):
    def test_the_iptt_of_another_network_or_organisation_is_not_found(self):
        iptt = reverse("monitoring:iptt", args=["84"])
        for user, query in [
            (self.religion_coordinator, f"?network={self.education.pk}"),
            (self.religion_coordinator, f"?organisation={self.school.pk}"),
            (self.reporter, f"?network={self.religion.pk}"),
            (self.reporter, f"?organisation={self.university.pk}"),
            (self.coordinator, f"?network={self.religion.pk}"),
        ]:
            self.login(user)
            with self.subTest(user=user.username, query=query):
                self.assertEqual(self.client.get(iptt + query + "&fy=2564").status_code, 404)

    def test_the_drill_down_offers_only_the_readers_units(self):
        iptt = reverse("monitoring:iptt", args=["84"]) + "?fy=2564"
        self.login(self.religion_coordinator)
        page = self.client.get(iptt)
        self.assertEqual([name for _q, name in page.context["children"]], ["เครือข่ายศาสนา"])
        self.assertNotContains(page, self.network_indicator.name_th)
        self.login(self.coordinator)
        page = self.client.get(iptt)
        self.assertEqual([name for _q, name in page.context["children"]], ["เครือข่ายภาคการศึกษา"])
        self.assertNotContains(page, self.religion_indicator.name_th)


class ApiListTests(VisibilityTestCase):
    def api(self, user: Any, path: str) -> list[dict[str, Any]]:
        _row, raw = create_api_token(actor=user, user=user)
        response = self.client.get(f"/api/v1/{path}", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(response.status_code, 200)
        return list(response.json()["results"])

    def test_the_lists_hold_nothing_of_another_network(self):
        self.approved(self.network_indicator, "Q1", 3)
        theirs = {
            "activity-reports/": {self.training.pk, self.volunteers.pk},
            "indicators/": {self.network_indicator.pk, self.education_people.pk},
            "targets/": {self.network_indicator.pk},
            "indicator-values/": {self.network_indicator.pk},
        }
        for path, education in theirs.items():
            key = "activity" if path == "activity-reports/" else "indicator"
            if path == "indicators/":
                key = "id"
            with self.subTest(path=path):
                seen = {row[key] for row in self.api(self.religion_coordinator, path)}
                self.assertFalse(seen & education, path)
                self.assertTrue(education <= {row[key] for row in self.api(self.admin, path)})
        reported = {row["activity"] for row in self.api(self.reporter, "activity-reports/")}
        self.assertEqual(reported, {self.training.pk})


class JobFileTests(VisibilityTestCase):
    def test_the_years_report_goes_with_the_right_to_read_the_province(self):
        job = services.start_year_report(
            actor=self.evaluator, province=self.surat, fiscal_year=2564
        )
        JobFile.objects.create(job=job, label="PDF", file="jobs/report.pdf")
        page = reverse("jobs:job", args=[job.pk])
        file = url_for(job.files.get())
        self.login(self.evaluator)
        self.assertEqual(self.client.get(page).status_code, 200)
        Role.objects.filter(user=self.evaluator).update(
            kind=RoleKind.ORGANISATION_REPORTER, organisation=self.school
        )
        self.evaluator.refresh_from_db()
        self.login(self.evaluator)
        self.assertEqual(self.client.get(page).status_code, 404)
        self.assertEqual(self.client.get(file).status_code, 404)
        self.login(self.admin)
        self.assertEqual(self.client.get(page).status_code, 200)
