"""The year report PDF's text layer, its IPTT tables and charts included."""

from unittest import mock

from django.test import override_settings
from django.urls import reverse

from moralprovince.jobs.models import Job
from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.tests.thai_pdf import thai_text_problems
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans.tests.base import TemporaryMedia


@override_settings(JOBS_RUN_INLINE=True)
class YearReportPdfTextTests(TemporaryMedia, MonitoringTestCase):
    def test_the_text_of_the_year_report_is_the_thai_on_its_pages(self):
        self.approved(self.network_indicator, "Q1", 3)
        self.login(self.admin)
        url = reverse("monitoring:year-report", args=["84"]) + "?fy=2564"
        with (
            mock.patch("moralprovince.monitoring.report.render_pdf", wraps=render_pdf) as printed,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.post(url)
        html = printed.call_args.args[0]
        pdf = Job.objects.get().files.get(label="รายงาน (PDF)").file.read()
        # The IPTT tables of the province and of the network are in it.
        self.assertIn("ร้อยละองค์กรที่ประกาศเจตนารมณ์", html)
        self.assertIn("จำนวนโรงเรียนที่จัดกิจกรรม", html)
        self.assertEqual(thai_text_problems(pdf, html), [])
