"""Records with reports, values or visits are protected from deletion, every removal is
logged, and the kept totals stay equal to a recount from the records after every kind of
write and delete (`manage.py recount`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError, Sum
from django.urls import reverse
from django.utils import translation

from moralprovince.accounts.scope import SYSTEM
from moralprovince.audit.models import AuditEntry
from moralprovince.geo.models import Subdistrict
from moralprovince.monitoring import recount, services
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    IndicatorValue,
    IndicatorYearTotal,
)
from moralprovince.monitoring.services import (
    ActivityReportInput,
    IndicatorInput,
    TargetInput,
    VisitInput,
)
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.organisations.models import Organisation
from moralprovince.plans import services as plans
from moralprovince.plans.models import Activity, Goal
from moralprovince.plans.tests.base import TemporaryMedia
from moralprovince.testing import make_organisation


class ReportsWorld(TemporaryMedia, MonitoringTestCase):
    def report(self, activity: Activity, participants: int, day: dt.date, where: str = "841301"):  # type: ignore[no-untyped-def]
        return services.create_activity_report(
            actor=self.coordinator,
            activity=activity,
            data=ActivityReportInput(
                held_on=day,
                subdistrict=Subdistrict.objects.get(pk=where),
                participants=participants,
                description="รายงาน",
            ),
        )

    def people_counted(self) -> int:
        return ActivityMonthTotal.objects.aggregate(p=Sum("participants"))["p"] or 0

    def assert_equal_to_a_recount(self, step: str = "") -> None:
        self.assertEqual([d.params for d in recount.differences()], [], step)


class ProtectedRecordTests(ReportsWorld):
    def setUp(self) -> None:
        super().setUp()
        # The finding: 3,000 people at the training, 1,678 at the camp, 4,678 in all.
        self.big = self.report(self.training, 3000, dt.date(2020, 11, 24))
        self.report(self.camp, 1678, dt.date(2021, 4, 6))

    def test_an_activity_with_reports_is_kept_and_the_person_is_told_why(self):
        self.login(self.coordinator)
        url = reverse("plans:delete", args=["activity", self.training.pk])
        page = self.client.get(reverse("plans:plan", args=[self.plan.pk]))
        self.assertNotContains(page, f'action="{url}"')
        self.assertContains(page, "จึงลบกิจกรรมนี้ไม่ได้")
        response = self.client.post(url)
        self.assertRedirects(response, reverse("plans:plan", args=[self.plan.pk]))
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("อบรมครูแกนนำ", message)
        self.assertIn("รายงานกิจกรรม: 1", message)
        self.assertIn("ลบหรือย้าย", message)
        self.assertTrue(Activity.objects.filter(pk=self.training.pk).exists())
        self.assertTrue(ActivityReport.objects.filter(pk=self.big.pk).exists())
        self.assertEqual(self.people_counted(), 4678)
        self.assertFalse(AuditEntry.objects.filter(action="plans.activity.deleted").exists())
        self.assert_equal_to_a_recount()
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            plans.delete_activity(actor=self.coordinator, activity=self.training)
        self.assertIn("activity reports: 1", refused.exception.messages[0])
        self.assertIn("Delete or move those records first", refused.exception.messages[0])

    def test_the_dashboard_and_the_public_page_count_what_the_reports_say(self):
        self.login(self.admin)
        with self.assertRaises(ValidationError):
            plans.delete_goal(actor=self.coordinator, goal=self.goal)
        self.assertEqual(Goal.objects.filter(pk=self.goal.pk).count(), 1)
        board = self.client.get(reverse("monitoring:dashboard", args=["84"]) + "?fy=2564")
        self.assertEqual(sum(m["participants"] for m in board.context["board"]["months"]), 4678)
        public = self.client.get(reverse("knowledge:province", args=["84"]))
        self.assertEqual(public.context["figures"][0]["participants"], 4678)

    def test_the_database_refuses_to_drop_reports_values_and_visited_organisations(self):
        with self.assertRaises(ProtectedError):
            self.plan.delete()
        with self.assertRaises(ProtectedError):
            Goal.objects.filter(pk=self.goal.pk).delete()
        self.approved(self.network_indicator, "Q1", 3)
        with self.assertRaises(ProtectedError):
            self.network_indicator.delete()
        visited = make_organisation(self.surat, "ชุมชนบ้านดอน", "community", "840601")
        services.create_visit(
            actor=self.evaluator,
            province=self.surat,
            data=VisitInput(
                visited_on=dt.date(2020, 12, 25),
                team="คณะ",
                findings="พบ",
                organisations=[visited],
            ),
        )
        with self.assertRaises(ProtectedError):
            visited.delete()
        self.assertTrue(Organisation.objects.filter(pk=visited.pk).exists())
        self.assertEqual(ActivityReport.objects.count(), 2)
        self.assertEqual(IndicatorValue.objects.count(), 1)

    def test_a_deleted_report_leaves_the_totals_and_an_entry_saying_what_it_was(self):
        self.login(self.coordinator)
        page = self.client.get(reverse("monitoring:report", args=[self.big.pk]))
        self.assertContains(
            page,
            'data-confirm="ลบรายงานวันที่ 24 พฤศจิกายน 2563 พร้อมรูปภาพและเอกสาร 0 รายการหรือไม่ '
            "แดชบอร์ดจะไม่นับผู้เข้าร่วม 3,000 คนของรายงานนี้อีก และย้อนกลับไม่ได้",
        )
        response = self.client.post(reverse("monitoring:report-delete", args=[self.big.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.people_counted(), 1678)
        entry = AuditEntry.objects.get(action="monitoring.activity_report.deleted")
        self.assertEqual(entry.changes["participants"]["before"], 3000)
        self.assertEqual(entry.changes["activity"]["before"], self.training.pk)
        self.assertEqual(entry.changes["description"]["before"], "รายงาน")
        self.assert_equal_to_a_recount()
        # The province's audit log shows the entry, with what the report said.
        self.login(self.admin)
        log = self.client.get("/provinces/84/audit/")
        self.assertContains(log, "3,000")
        self.login(self.coordinator)
        # With its report gone, the activity may go, and its deletion is logged.
        self.client.post(reverse("plans:delete", args=["activity", self.training.pk]))
        self.assertFalse(Activity.objects.filter(pk=self.training.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="plans.activity.deleted").exists())
        self.assert_equal_to_a_recount()


class RecountTests(ReportsWorld):
    def test_the_totals_equal_a_recount_after_every_kind_of_write_and_delete(self):
        steps = []

        def step(name: str) -> None:
            steps.append(name)
            self.assert_equal_to_a_recount(name)

        a = self.report(self.training, 120, dt.date(2020, 11, 24))
        step("report")
        b = self.report(self.training, 30, dt.date(2020, 11, 25))
        step("second report in the same month and district")
        c = self.report(self.camp, 40, dt.date(2021, 4, 6), where="840601")
        step("report in another month and district")
        services.delete_activity_report(actor=self.admin, report=b)
        step("report deleted")
        value = self.approved(self.network_indicator, "Q1", 3)
        step("value approved")
        services.update_target(
            actor=self.admin,
            indicator=self.network_indicator,
            data=TargetInput(fiscal_year=2564, period="Q1", value=Decimal(5)),
        )
        step("target changed")
        services.return_value(actor=self.admin, value=value, comment="ตรวจอีกครั้ง")
        step("value returned")
        self.approved(self.network_indicator, "Q1", 4)
        self.approved(self.network_indicator, "Q2", 6)
        step("values approved again")
        data = IndicatorInput.from_row(self.network_indicator, aggregation="latest")
        services.update_indicator(actor=self.admin, indicator=self.network_indicator, data=data)
        step("indicator's aggregation changed")
        lock = services.lock_period(
            actor=self.admin, province=self.surat, fiscal_year=2564, period="Q3"
        )
        services.unlock_period(actor=self.admin, lock=lock)
        step("period locked and opened")
        computed = self.make_indicator(self.education, "E9", "ผู้เข้าร่วม", source="participants")
        row = services.compute_value(
            actor=self.coordinator, indicator=computed, fiscal_year=2564, period="Q1"
        )
        services.submit_value(actor=self.coordinator, value=row)
        services.approve_value(actor=self.admin, value=row)
        step("computed value approved")
        with self.assertRaises(ValidationError):
            plans.delete_activity(actor=self.coordinator, activity=self.training)
        step("activity with reports kept")
        for report in (a, c):
            services.delete_activity_report(actor=self.coordinator, report=report)
        plans.delete_activity(actor=self.coordinator, activity=self.training)
        step("reports and then their activity deleted")
        self.assertFalse(ActivityMonthTotal.objects.exists())
        self.assertEqual(len(steps), 13)
        out = StringIO()
        call_command("recount", stdout=out)
        self.assertIn("The kept totals equal a recount from the records.", out.getvalue())

    def test_changing_how_periods_add_up_changes_the_kept_total(self):
        self.approved(self.network_indicator, "Q1", 3)
        self.approved(self.network_indicator, "Q2", 5)
        total = IndicatorYearTotal.objects.get(indicator=self.network_indicator, fiscal_year=2564)
        self.assertEqual(total.actual, Decimal(8))
        self.login(self.admin)
        url = reverse("monitoring:indicator-edit", args=[self.network_indicator.pk])
        page = self.client.get(url)
        data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
        data |= {"aggregation": "latest", "virtues": [], "dimensions": []}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        total.refresh_from_db()
        self.assertEqual(total.actual, Decimal(5))

    def test_how_often_values_come_cannot_change_once_there_are_some(self):
        self.enter(self.network_indicator, "Q1", 3)
        data = IndicatorInput.from_row(self.network_indicator, frequency="half")
        with self.assertRaises(ValidationError) as refused:
            services.update_indicator(actor=self.admin, indicator=self.network_indicator, data=data)
        self.assertIn("frequency", refused.exception.message_dict)
        self.network_indicator.refresh_from_db()
        self.assertEqual(self.network_indicator.frequency, "quarter")
        # Through the page too, where the form has set the new frequency on the row.
        self.login(self.admin)
        url = reverse("monitoring:indicator-edit", args=[self.network_indicator.pk])
        data = {k: v for k, v in self.client.get(url).context["form"].initial.items() if v}
        response = self.client.post(url, data | {"frequency": "year", "virtues": []})
        self.assertEqual(response.status_code, 200)
        self.assertIn("frequency", response.context["form"].errors)
        self.network_indicator.refresh_from_db()
        self.assertEqual(self.network_indicator.frequency, "quarter")

    def test_a_deleted_report_recounts_its_month_even_after_the_totals_drifted(self):
        report = self.report(self.training, 3000, dt.date(2020, 11, 24))
        self.report(self.training, 1678, dt.date(2020, 11, 25))
        ActivityMonthTotal.objects.update(participants=7678)
        services.delete_activity_report(actor=self.coordinator, report=report)
        self.assertEqual(self.people_counted(), 1678)
        self.assert_equal_to_a_recount()

    def test_the_command_names_each_difference_and_writes_the_recount_with_fix(self):
        first = self.report(self.training, 3000, dt.date(2020, 11, 24))
        self.report(self.camp, 1678, dt.date(2021, 4, 6), where="840601")
        value = self.approved(self.network_indicator, "Q1", 3)
        # What a silent cascade or a hand edit leaves behind.
        ActivityMonthTotal.objects.filter(month=1).update(participants=6000)
        ActivityMonthTotal.objects.filter(month=6).delete()
        ActivityMonthTotal.objects.create(
            province_id="84", fiscal_year=2564, month=3, network=None, district_id="8401"
        )
        ActivityMonthTotal.objects.filter(month=3).update(reports=2, participants=50)
        IndicatorYearTotal.objects.filter(indicator=self.network_indicator).update(actual=9)
        ActivityReport.objects.filter(pk=first.pk).update(network=None)
        IndicatorValue.objects.filter(pk=value.pk).update(province_id="57")
        # The report counted under no network is one month too many there and one too few
        # under its network, until its network is given back.
        found = recount.differences()
        self.assertEqual(sorted(d.kind for d in found), ["month"] * 4 + ["report", "value", "year"])
        out = StringIO()
        with self.assertRaises(CommandError) as failed:
            call_command("recount", stdout=out)
        self.assertIn("--fix", str(failed.exception))
        printed = out.getvalue()
        self.assertIn(f"รายงานกิจกรรม {first.pk}", printed)
        self.assertIn(f"Activity report {first.pk}", printed)
        self.assertIn("says 1 reports and 6000 participants", printed)
        self.assertIn("11/2563", printed)
        self.assertIn(f"Indicator value {value.pk}", printed)
        self.assertIn("Indicator E1 (province 84), fiscal year 2564", printed)
        with self.assertRaises(CommandError):
            call_command("recount", "--province", "99", stdout=StringIO())
        out = StringIO()
        call_command("recount", "--fix", stdout=out)
        self.assertIn("Written over with the recount: 6.", out.getvalue())
        self.assert_equal_to_a_recount()
        self.assertEqual(self.people_counted(), 4678)
        first.refresh_from_db()
        self.assertEqual(first.network_id, self.education.pk)
        entry = AuditEntry.objects.get(action="monitoring.totals.recounted")
        self.assertEqual((entry.province_id, entry.actor_name), ("84", SYSTEM.name))
        self.assertTrue(AuditEntry.objects.filter(action="monitoring.activityreport.recounted"))
        call_command("recount", stdout=StringIO())
