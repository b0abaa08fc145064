import datetime as dt
import io
import logging
from collections import Counter
from decimal import Decimal

from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from moralprovince.core.files import url_for
from moralprovince.geo.models import Subdistrict
from moralprovince.jobs.models import Job
from moralprovince.monitoring import services as monitoring
from moralprovince.monitoring.report import render_report_xlsx, report_data
from moralprovince.monitoring.services import ActivityReportInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans import services as plans
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Activity, FundingSource, Plan
from moralprovince.plans.services import ActivityInput, BudgetLineInput, GoalInput
from moralprovince.plans.tests.base import TemporaryMedia

AFTER_THE_YEAR = dt.date(2021, 11, 1)


@override_settings(JOBS_RUN_INLINE=True)
class YearReportTests(TemporaryMedia, MonitoringTestCase):
    def test_one_click_makes_the_years_pdf_and_workbook_in_the_background(self):
        self.approved(self.network_indicator, "Q1", 3)
        self.login(self.admin)
        url = reverse("monitoring:year-report", args=["84"]) + "?fy=2564"
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertNoLogs("weasyprint", level=logging.WARNING),
        ):
            response = self.client.post(url)
        job = Job.objects.get()
        self.assertRedirects(response, reverse("jobs:job", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress, job.message), ("done", 100, ""))
        files = {f.label: f for f in job.files.all()}
        pdf = files["รายงาน (PDF)"].file.read()
        self.assertTrue(pdf.startswith(b"%PDF-"))
        book = load_workbook(io.BytesIO(files["รายงาน (Excel)"].file.read()))
        self.assertEqual(
            book.sheetnames,
            ["สรุป", "ตัวชี้วัด", "กิจกรรม", "ยังไม่รายงาน", "รายเดือน", "การติดตามประเมินผล"],
        )
        rows = [row[:9] for row in book["ตัวชี้วัด"].iter_rows(values_only=True)]
        # The year is over: 3 of a year's target of 20 so far, and not reported while Q2–Q4
        # have no approved value (the one rule of the IPTT and the dashboard).
        self.assertIn(
            (
                "3. เครือข่ายภาคการศึกษา",
                "E1",
                "จำนวนโรงเรียนที่จัดกิจกรรม",
                "จำนวน",
                20.0,
                20.0,
                3.0,
                15.0,
                "ยังไม่รายงาน",
            ),
            rows,
        )
        page = self.client.get(reverse("jobs:job", args=[job.pk]))
        self.assertContains(page, url_for(files["รายงาน (PDF)"]))
        download = self.client.get(url_for(files["รายงาน (PDF)"]))
        self.assertEqual(b"".join(download.streaming_content), pdf)
        self.assertIn('filename="report-84-2564.pdf"', download["Content-Disposition"])
        self.assertContains(page, "รายงานผลประจำปี ปีงบประมาณ 2564")
        self.assertNotContains(page, "monitoring.year_report")
        self.assertNotContains(page, "กำลังจัดทำ")

    def test_the_job_and_its_files_are_closed_to_others(self):
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("monitoring:year-report", args=["84"]) + "?fy=2564")
        job = Job.objects.get()
        file = job.files.first()
        for user in (self.outsider, self.coordinator):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.get(reverse("jobs:job", args=[job.pk])).status_code, 404
                )
                self.assertEqual(
                    self.client.get(url_for(file)).status_code,
                    404,
                )
        self.assertEqual(
            self.client.post(reverse("monitoring:year-report", args=["84"])).status_code, 404
        )


def add_plan(actor, unit, title, responsible, activities):  # type: ignore[no-untyped-def]
    """A plan of the unit for FY2564 with its activities: (title, start, end, [(amount, state)])."""
    plan = plans.create_plan(actor=actor, unit=unit, fiscal_year=2564, title=title)
    goal = plans.create_goal(actor=actor, plan=plan, data=GoalInput(text="เป้าประสงค์"))
    for name, start, end, lines in activities:
        activity = plans.create_activity(
            actor=actor,
            plan=plan,
            data=ActivityInput(
                goal=goal, title=name, start=start, end=end, responsible=responsible
            ),
        )
        for amount, state in lines:
            plans.create_budget_line(
                actor=actor,
                activity=activity,
                data=BudgetLineInput(
                    source=FundingSource.objects.get(code="moral-center"),
                    amount=Decimal(amount),
                    state=state,
                ),
            )
    return plan


class YearReportFiguresTests(TemporaryMedia, MonitoringTestCase):
    """Every figure of the summary is the sum of the rows of the sheets."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_plan(
            cls.admin,
            Unit("84"),
            "แผนภาพรวมจังหวัด",
            cls.university,
            [("สมัชชาคุณธรรมจังหวัด", dt.date(2021, 8, 1), dt.date(2021, 8, 2), [(300000, "spent")])],
        )
        add_plan(
            cls.admin,
            Unit("84", organisation=cls.school),
            "แผนโรงเรียนบ้านนาเดิม",
            cls.school,
            [
                (
                    "ค่ายคุณธรรมโรงเรียน",
                    dt.date(2021, 1, 10),
                    dt.date(2021, 1, 12),
                    [(15000, "approved")],
                )
            ],
        )

    def report(self, activity: Activity, day: dt.date, people: int) -> None:
        monitoring.create_activity_report(
            actor=self.admin,
            activity=activity,
            data=ActivityReportInput(
                held_on=day,
                subdistrict=Subdistrict.objects.get(pk="841301"),
                participants=people,
                description="จัดกิจกรรม",
            ),
        )

    def test_the_province_and_organisation_plans_are_in_and_the_sheets_add_up(self):
        self.report(self.training, dt.date(2020, 11, 24), 120)
        self.report(self.training, dt.date(2020, 11, 25), 1300)
        self.report(Activity.objects.get(title="สมัชชาคุณธรรมจังหวัด"), dt.date(2021, 8, 1), 700)
        self.approved(self.network_indicator, "Q1", 4)
        self.approved(self.network_indicator, "Q2", 6)
        data = report_data("84", 2564, AFTER_THE_YEAR)
        summary = data["summary"]
        book = load_workbook(io.BytesIO(render_report_xlsx(data)))

        activities = list(book["กิจกรรม"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(summary["activities"], Activity.objects.count())
        self.assertEqual(len(activities), summary["activities"])
        self.assertIn("สมัชชาคุณธรรมจังหวัด", [a[1] for a in activities])
        self.assertIn("ค่ายคุณธรรมโรงเรียน", [a[1] for a in activities])
        self.assertEqual(sum(a[5] for a in activities), float(summary["planned"]))
        self.assertEqual(summary["planned"], Decimal(300000 + 15000 + 90000 + 20000 + 80000))
        self.assertEqual(sum(a[6] for a in activities), float(summary["spent"]))
        self.assertEqual(sum(a[7] for a in activities), summary["reports"])
        self.assertEqual(sum(a[8] for a in activities), summary["participants"])
        self.assertEqual(summary["participants"], 2120)
        self.assertEqual(sum(a[4] == "ดำเนินการแล้ว" for a in activities), summary["done"])
        self.assertEqual(summary["plans"], Plan.objects.count())

        months = list(book["รายเดือน"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(sum(m[1] for m in months), summary["reports"])
        self.assertEqual(sum(m[2] for m in months), summary["participants"])

        indicators = list(book["ตัวชี้วัด"].iter_rows(min_row=2, values_only=True))
        statuses = Counter(row[8] for row in indicators)
        self.assertEqual(len(indicators), summary["indicators"])
        self.assertEqual(statuses["ตามเป้า"] + statuses["สูงกว่าเป้า"], summary["on_track"])
        self.assertEqual(statuses["ต่ำกว่าเป้า"], summary["behind"])
        self.assertEqual(statuses["ยังไม่รายงาน"], summary["not_reported"])

        missing = list(book["ยังไม่รายงาน"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(missing), summary["values_missing"] + summary["activities_unreported"])
        self.assertIn(
            ("3. เครือข่ายภาคการศึกษา", "ผลตัวชี้วัด", "จำนวนโรงเรียนที่จัดกิจกรรม", "ไตรมาส 3"),
            missing,
        )
        self.assertIn(("โรงเรียนบ้านนาเดิม", "รายงานกิจกรรม", "ค่ายคุณธรรมโรงเรียน", "12/1/2564"), missing)
        self.assertIn(
            ("3. เครือข่ายภาคการศึกษา", "รายงานกิจกรรม", "ค่ายเยาวชนพอเพียง", "9/4/2564"), missing
        )

        summary_sheet = {r[0]: r[1] for r in book["สรุป"].iter_rows(values_only=True)}
        self.assertEqual(summary_sheet["กิจกรรมสำคัญ"], len(activities))
        self.assertEqual(summary_sheet["ตัวชี้วัดที่บรรลุตามเป้า"], summary["on_track"])

    def test_the_pdf_names_the_province_plans_activities_and_what_is_missing(self):
        data = report_data("84", 2564, AFTER_THE_YEAR)
        html = render_to_string(
            "monitoring/year_report_pdf.html", {**data, "printed": AFTER_THE_YEAR}
        )
        self.assertIn("สมัชชาคุณธรรมจังหวัด", html)
        self.assertIn("300,000.00", html)
        self.assertIn("สิ่งที่ยังไม่ได้รายงาน", html)
        self.assertIn("ไตรมาส 1, ไตรมาส 2, ไตรมาส 3, ไตรมาส 4", html)
        # The budget chart names the plans' units, not their numbers.
        self.assertIn("ภาคการศึกษา", data["charts"]["budget"])
        self.assertIn("แผนภาพรวมจังหวัด", data["charts"]["budget"])
        self.assertIn("แผนขององค์กร", data["charts"]["budget"])


class YearReportLinkTests(MonitoringTestCase):
    def test_opening_the_report_by_a_link_leads_to_where_it_is_started(self):
        self.login(self.admin)
        url = reverse("monitoring:year-report", args=["84"]) + "?fy=2564"
        response = self.client.get(url, follow=True)
        self.assertRedirects(
            response, reverse("monitoring:dashboard", args=["84"]) + "?fy=2564#year-report"
        )
        self.assertContains(response, 'id="year-report"')
        self.assertFalse(Job.objects.exists())
        self.login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
