"""What a page of an API list costs in queries does not grow with its rows: an N+1 in a
serializer comes back here as a failing test, not as a slow list at national scale."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from moralprovince.api.tests.test_api import ApiTestCase
from moralprovince.monitoring.models import Dimension, Indicator
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.services import GoalInput
from moralprovince.plans.tests.base import PlanTestCase

LISTS = ["plans/", "activities/", "budget-lines/", "goals/", "indicators/"]


class ListQueryTests(PlanTestCase, ApiTestCase):
    def costs(self) -> dict[str, int]:
        found = {}
        for path in LISTS:
            with CaptureQueriesContext(connection) as queries:
                response = self.call(self.admin, "get", path)
            self.assertEqual(response.status_code, 200, path)
            self.assertTrue(response.json()["results"], path)
            # Who is calling (the test's token, made and logged on the way in, and the roles,
            # read once per person) is not the list's cost: only queries of the data count.
            found[path] = len(
                [
                    q
                    for q in queries.captured_queries
                    if "accounts_" not in q["sql"] and "audit_" not in q["sql"]
                ]
            )
        return found

    def grow(self) -> None:
        """Another plan, more activities with lines, and more indicators."""
        religion = services.create_plan(
            actor=self.admin, unit=Unit("84", self.religion), fiscal_year=2564, title="แผนศาสนา"
        )
        goal = services.create_goal(actor=self.admin, plan=religion, data=GoalInput(text="บวร"))
        for n in range(4):
            activity = self.add_activity(f"กิจกรรม {n}", dt.date(2021, 1, 4), dt.date(2021, 1, 5))
            self.add_line(activity, "own", "1000", "requested")
        self.assertTrue(goal.pk)
        dimension = Dimension.objects.first()
        for n in range(4):
            indicator = Indicator.objects.create(
                province=self.surat, code=f"N{n}", name_th=f"ตัวชี้วัด {n}"
            )
            if dimension is not None:
                indicator.dimensions.add(dimension)

    def test_a_page_costs_the_same_queries_with_few_rows_or_many(self) -> None:
        Indicator.objects.create(province=self.surat, code="P0", name_th="ตัวชี้วัดจังหวัด")
        few = self.costs()
        self.grow()
        self.assertEqual(self.costs(), few)
