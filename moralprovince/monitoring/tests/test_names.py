"""Monitoring rows read in words where the log and the back office name them."""

import datetime as dt
from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation

from moralprovince.monitoring.models import ActivityReport, IndicatorValue, PeriodLock


class NameTests(SimpleTestCase):
    def test_rows_of_a_period_and_a_day_are_named_in_thai(self):
        with translation.override("th"):
            lock = PeriodLock(province_id="84", fiscal_year=2563, period="Y")
            self.assertEqual(str(lock), "ปีงบประมาณ 2563 · ทั้งปี")
            value = IndicatorValue(indicator_id=7, fiscal_year=2564, period="Q1", value=Decimal(5))
            self.assertEqual(str(value), "#7 · ปีงบประมาณ 2564 · ไตรมาส 1: 5")
            report = ActivityReport(activity_id=3, held_on=dt.date(2019, 11, 26))
            self.assertEqual(str(report), "#3 · 26 พฤศจิกายน 2562")
