import io
import logging

from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from moralprovince.jobs.models import Job
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans.tests.base import TemporaryMedia


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
        self.assertEqual((job.status, job.progress), ("done", 100))
        files = {f.label: f for f in job.files.all()}
        pdf = files["รายงาน (PDF)"].file.read()
        self.assertTrue(pdf.startswith(b"%PDF-"))
        book = load_workbook(io.BytesIO(files["รายงาน (Excel)"].file.read()))
        self.assertEqual(book.sheetnames, ["สรุป", "ตัวชี้วัด", "กิจกรรม", "รายเดือน", "การติดตามประเมินผล"])
        rows = list(book["ตัวชี้วัด"].iter_rows(values_only=True))
        self.assertIn(
            ("เครือข่ายภาคการศึกษา", "จำนวนโรงเรียนที่จัดกิจกรรม", "จำนวน", 20.0, 3.0, "ต่ำกว่าเป้า"), rows
        )
        page = self.client.get(reverse("jobs:job", args=[job.pk]))
        self.assertContains(page, reverse("jobs:download", args=[job.pk, files["รายงาน (PDF)"].pk]))

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
                    self.client.get(reverse("jobs:download", args=[job.pk, file.pk])).status_code,
                    404,
                )
        self.assertEqual(
            self.client.post(reverse("monitoring:year-report", args=["84"])).status_code, 404
        )
