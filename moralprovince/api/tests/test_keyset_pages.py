"""The big API lists page by position: following `next` gives every row once, a later page
costs the queries of the first, and no count of all rows is made."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from moralprovince.api.tests.test_api import ApiTestCase
from moralprovince.monitoring import services
from moralprovince.monitoring.models import IndicatorValue
from moralprovince.monitoring.services import ValueInput
from moralprovince.monitoring.tests.base import MonitoringTestCase


class KeysetPageTests(MonitoringTestCase, ApiTestCase):
    def setUp(self) -> None:
        for year in (2563, 2564):
            for period in ("Q1", "Q2", "Q3", "Q4"):
                services.enter_value(
                    actor=self.coordinator,
                    indicator=self.network_indicator,
                    data=ValueInput(fiscal_year=year, period=period, value=Decimal(1)),
                )

    def test_following_next_gives_every_value_once_at_the_same_cost_per_page(self) -> None:
        path, ids, costs = "indicator-values/?limit=3", [], []
        while path:
            with CaptureQueriesContext(connection) as queries:
                body = self.call(self.admin, "get", path).json()
            costs.append(
                [q["sql"] for q in queries.captured_queries if "indicatorvalue" in q["sql"]]
            )
            self.assertNotIn("count", body)
            ids += [row["id"] for row in body["results"]]
            path = body["next"].split("/api/v1/", 1)[1] if body["next"] else ""
        self.assertEqual(ids, sorted(IndicatorValue.objects.values_list("pk", flat=True)))
        self.assertEqual(len(costs), 3)
        # One query on the values per page, whichever the page, and none counts them all.
        self.assertEqual([len(c) for c in costs], [1, 1, 1])
        self.assertNotIn("COUNT(", " ".join(q for page in costs for q in page).upper())

    def test_a_made_up_page_link_is_a_400_naming_the_cursor(self) -> None:
        response = self.call(self.admin, "get", "indicator-values/?cursor=bz1hYmM=")
        self.assertEqual(response.status_code, 400)
        self.assertIn("cursor", response.json())

    def test_the_outsider_pages_through_nothing(self) -> None:
        body = self.call(self.outsider, "get", "activity-reports/").json()
        self.assertEqual((body["results"], body["next"]), ([], None))
