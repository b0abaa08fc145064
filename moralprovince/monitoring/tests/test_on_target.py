"""An indicator's year is judged against the target of every period due, not only those
with values: a period that has ended with no approved value is "not reported", and so is
the year while one is, whatever the figure (sum, average, latest)."""

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.urls import reverse

from moralprovince.monitoring import queries, services
from moralprovince.monitoring.models import Indicator
from moralprovince.monitoring.services import IndicatorInput, TargetInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans.access import Unit

AFTER_THE_YEAR = dt.date(2021, 11, 1)
MID_YEAR = dt.date(2021, 4, 1)  # Q1 and Q2 of FY2564 have ended.
AFTER_Q3 = dt.date(2021, 7, 15)


class OnTargetTests(MonitoringTestCase):
    def indicator(self, code: str, targets: dict[str, int], **fields: str) -> Indicator:
        indicator = services.create_indicator(
            actor=self.admin,
            unit=Unit("84", self.education),
            data=IndicatorInput(code=code, name_th=f"ตัวชี้วัด {code}", frequency="quarter", **fields),
        )
        for period, value in targets.items():
            services.update_target(
                actor=self.admin,
                indicator=indicator,
                data=TargetInput(fiscal_year=2564, period=period, value=Decimal(value)),
            )
        return indicator

    def year(self, indicator: Indicator, as_of: dt.date) -> queries.Cell:
        [row] = queries.assess(Indicator.objects.filter(pk=indicator.pk), 2564, as_of)
        return row.year

    def test_a_year_with_q3_and_q4_missing_is_not_reported_and_its_figure_is_so_far(self):
        activities = self.indicator("A", {"Q1": 5, "Q2": 5, "Q3": 5, "Q4": 5})
        self.approved(activities, "Q1", 5)
        self.approved(activities, "Q2", 6)
        year = self.year(activities, AFTER_THE_YEAR)
        self.assertEqual(
            (year.target, year.due, year.actual, year.percent, year.status, year.missing),
            (Decimal(20), Decimal(20), Decimal(11), Decimal(55), "missing", ["Q3", "Q4"]),
        )
        self.assertTrue(year.so_far)

    def test_before_the_year_is_over_the_target_is_that_of_the_periods_due(self):
        activities = self.indicator("A", {"Q1": 5, "Q2": 5, "Q3": 5, "Q4": 5})
        self.approved(activities, "Q1", 5)
        self.approved(activities, "Q2", 6)
        mid = self.year(activities, MID_YEAR)
        self.assertEqual((mid.due, mid.status, mid.missing), (Decimal(10), "on", []))
        # Q3 has ended with no value: its target is due all the same.
        late = self.year(activities, AFTER_Q3)
        self.assertEqual((late.due, late.status, late.missing), (Decimal(15), "missing", ["Q3"]))

    def test_a_period_that_ended_without_a_value_is_not_reported_and_one_to_come_is_not(self):
        activities = self.indicator("A", {"Q1": 5, "Q2": 5, "Q3": 5, "Q4": 5})
        self.approved(activities, "Q1", 5)
        [row] = queries.assess(Indicator.objects.filter(pk=activities.pk), 2564, MID_YEAR)
        self.assertEqual([c.status for c in row.cells], ["on", queries.NOT_REPORTED, None, None])

    def test_an_unapproved_value_does_not_count(self):
        activities = self.indicator("A", {"Q1": 5, "Q2": 5, "Q3": 5, "Q4": 5})
        self.enter(activities, "Q1", 5, user=self.admin)
        self.assertEqual(self.year(activities, MID_YEAR).status, queries.NOT_REPORTED)

    def test_a_figure_that_is_not_a_growing_sum_needs_every_period_due(self):
        complaints = self.indicator("D", {"Q1": 10, "Q2": 10, "Q3": 10, "Q4": 10}, direction="down")
        share = self.indicator("P", {"Q1": 80, "Q2": 80, "Q3": 80, "Q4": 80}, aggregation="average")
        latest = self.indicator("L", {"Q4": 50}, aggregation="latest")
        for indicator in (complaints, share):
            self.approved(indicator, "Q1", 10 if indicator is complaints else 80)
            self.approved(indicator, "Q2", 10 if indicator is complaints else 80)
        self.approved(latest, "Q3", 50)
        # Fewer complaints because half the year is missing is not better than the target.
        for indicator in (complaints, share, latest):
            with self.subTest(indicator=indicator.code):
                year = self.year(indicator, AFTER_THE_YEAR)
                self.assertEqual(year.status, queries.NOT_REPORTED)
        for period, value in (("Q1", 40), ("Q2", 45), ("Q4", 48)):
            self.approved(latest, period, value)
        self.assertEqual(self.year(latest, AFTER_THE_YEAR).status, "on")

    def test_the_years_own_target_is_the_target_once_the_year_is_over(self):
        yearly = self.indicator("Y", {"Q1": 1, "Q2": 1, "Q3": 1, "Q4": 1, "Y": 10})
        for period in ("Q1", "Q2", "Q3", "Q4"):
            self.approved(yearly, period, 2)
        year = self.year(yearly, AFTER_THE_YEAR)
        self.assertEqual(
            (year.target, year.actual, year.status), (Decimal(10), Decimal(8), "under")
        )

    def test_the_dashboard_and_the_iptt_say_not_reported_after_the_year(self):
        self.approved(self.network_indicator, "Q1", 4)
        self.approved(self.network_indicator, "Q2", 6)
        self.login(self.admin)
        with mock.patch("django.utils.timezone.localdate", return_value=AFTER_THE_YEAR):
            board = self.client.get(reverse("monitoring:dashboard", args=["84"]) + "?fy=2564")
            iptt = self.client.get(
                reverse("monitoring:iptt", args=["84"]) + f"?fy=2564&network={self.education.pk}"
            )
        education = board.context["board"]["networks"][0]
        self.assertEqual(
            (
                education["on_track"],
                education["behind"],
                education["not_reported"],
                education["periods_missing"],
                education["indicators"],
            ),
            (0, 0, 1, 2, 1),
        )
        self.assertContains(board, "ขาด 2 รอบ")
        [table] = iptt.context["tables"]
        self.assertEqual(
            [c.status for c in table.rows[0].cells], ["on", "on", "missing", "missing"]
        )
        self.assertContains(iptt, "ยังไม่รายงาน")
        self.assertContains(iptt, "ไตรมาส 3, ไตรมาส 4")
        self.assertContains(iptt, "ถึงปัจจุบัน")
        self.assertNotContains(iptt, '<td class="under">')

    def test_a_sum_and_an_average_each_missing_only_q4_follow_the_same_rule(self):
        total = self.indicator("S", {"Q1": 4, "Q2": 4, "Q3": 4, "Q4": 5})
        share = self.indicator("A", {"Q1": 90, "Q2": 90, "Q3": 90, "Q4": 90}, aggregation="average")
        for period in ("Q1", "Q2", "Q3"):
            self.approved(total, period, 4)
            self.approved(share, period, 89)
        for indicator in (total, share):
            with self.subTest(indicator=indicator.code):
                year = self.year(indicator, AFTER_THE_YEAR)
                self.assertEqual(
                    (year.status, year.missing, year.so_far), ("missing", ["Q4"], True)
                )
