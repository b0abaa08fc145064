"""How monitoring pages write their figures, headers and forms."""

import datetime as dt
import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from moralprovince.monitoring import services
from moralprovince.monitoring.report import report_data
from moralprovince.monitoring.services import IndicatorInput, TargetInput
from moralprovince.monitoring.templatetags.periods import measure
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans.access import Unit


class PresentationTests(MonitoringTestCase):
    def test_a_value_and_its_target_are_written_alike(self):
        self.assertEqual(
            [measure(v) for v in (Decimal("90.30"), Decimal("90.00"), Decimal("1250.50"), None)],
            ["90.3", "90", "1,250.5", "—"],
        )
        services.update_target(
            actor=self.admin,
            indicator=self.network_indicator,
            data=TargetInput(fiscal_year=2564, period="Q1", value=Decimal(90)),
        )
        self.approved(self.network_indicator, "Q1", "90.30")
        self.login(self.admin)
        url = reverse("monitoring:iptt", args=["84"]) + f"?fy=2564&network={self.education.pk}"
        page = self.client.get(url)
        self.assertContains(page, ">90.3<")
        self.assertNotContains(page, "90.30")

    def test_a_yearly_indicator_has_one_year_column(self):
        services.create_indicator(
            actor=self.admin,
            unit=Unit("84"),
            data=IndicatorInput(code="Y1", name_th="ตัวชี้วัดรายปี", frequency="year"),
        )
        self.login(self.admin)
        page = self.client.get(reverse("monitoring:iptt", args=["84"]) + "?fy=2564")
        html = page.content.decode()
        table = html[html.index("ตัวชี้วัดรายปี") - 2000 :]
        header = re.search(
            r"<thead>.*?</thead>", table[table.index('<table class="iptt">') :], re.S
        )
        assert header is not None
        self.assertEqual(header.group(0).count("ทั้งปี"), 1)

    def test_the_participants_are_typed_on_a_keypad(self):
        activity = self.plan.activities.first()
        self.login(self.admin)
        page = self.client.get(reverse("monitoring:report-create", args=[activity.pk]))
        self.assertRegex(page.content.decode(), r'<input type="number" name="participants"')

    def test_the_year_reports_sections_are_numbered_in_arabic_digits(self):
        with translation.override("th"):
            data = report_data("84", 2564, dt.date(2021, 11, 1))
            html = render_to_string(
                "monitoring/year_report_pdf.html", {**data, "printed": timezone.localdate()}
            )
        headings = re.findall(r"<h2>([^<]*)</h2>", html)
        self.assertTrue(headings[0].startswith("1. "), headings)
        self.assertNotRegex(html, "<h2>[๐-๙]")
        numbers = [int(h.split(".")[0]) for h in headings if h[:1].isdigit()]
        self.assertEqual(numbers, list(range(1, len(numbers) + 1)))

    def test_unlocking_a_period_asks_first(self):
        services.lock_period(
            actor=self.admin, province=self.programme.province, fiscal_year=2564, period="Q1"
        )
        self.login(self.admin)
        page = self.client.get(reverse("monitoring:periods", args=["84"]) + "?fy=2564")
        form = re.search(
            r'<form[^>]*period-unlock[^>]*>|<form[^>]*/unlock/"[^>]*>', page.content.decode()
        )
        assert form is not None
        self.assertIn("data-confirm=", form.group(0))
        self.assertIn("ปลดล็อก", form.group(0))
