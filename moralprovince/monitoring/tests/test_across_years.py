"""An indicator's page shows its year beside the other years of the programme."""

import datetime as dt
import re
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from moralprovince.accounts.models import User
from moralprovince.demo.services import load_demo
from moralprovince.monitoring import queries
from moralprovince.monitoring.models import Indicator


class AcrossYearsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-pass")

    def test_each_year_of_the_demo_is_judged_as_in_the_iptt(self):
        indicator = Indicator.objects.filter(
            province_id="84", network=None, organisation=None, code="P2"
        ).get()
        self.client.force_login(User.objects.get(username="province"))
        with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2022, 10, 15)):
            html = self.client.get(reverse("monitoring:indicator", args=[indicator.pk])).content
            table = re.search(r'<table id="across-years">(.*?)</table>', html.decode(), re.S)
            assert table is not None
            rows = re.findall(r"<tr[^>]*><td>(.*?)</td>", table.group(1))
            self.assertEqual(rows, ["ปีงบประมาณ 2563", "ปีงบประมาณ 2564", "ปีงบประมาณ 2565"])
            actuals = set()
            for fy in (2563, 2564, 2565):
                cell = queries.assess(Indicator.objects.filter(pk=indicator.pk), fy)[0].year
                self.assertIsNotNone(cell.actual)
                actuals.add(cell.actual)
                shown = f"{cell.actual:,.0f}" if cell.actual == int(cell.actual) else None
                if shown:
                    self.assertIn(shown, table.group(1))
        self.assertEqual(len(actuals), 3, "the demo's years differ")
