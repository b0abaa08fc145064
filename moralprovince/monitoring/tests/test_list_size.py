"""The indicator list is paged, and what a page costs in queries does not grow with the
province's indicators: an N+1 shows up here as a failing test, not a slow page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.monitoring.views import INDICATORS_PER_PAGE


class IndicatorListSizeTests(MonitoringTestCase):
    url = reverse("monitoring:indicators", args=["84"])

    def queries(self, **params: str) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return len(queries), [i.code for i in response.context["page"]]

    def test_a_page_costs_the_same_queries_with_two_indicators_or_sixty(self):
        self.login(self.admin)
        few, codes = self.queries()
        self.assertEqual(codes, ["P1", "E1"])
        for n in range(58):
            self.make_indicator(
                self.religion if n % 2 else self.education, f"X{n:02d}", f"ตัวชี้วัด {n}"
            )
        many, first = self.queries()
        self.assertEqual(len(first), INDICATORS_PER_PAGE)
        self.assertEqual(many, few)
        _, second = self.queries(page="2")
        self.assertEqual(len(second), 60 - INDICATORS_PER_PAGE)
        self.assertEqual(set(first) & set(second), set())
        self.assertLessEqual(many, 20)
