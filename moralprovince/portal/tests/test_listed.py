"""A queue on the home page shows its first rows and how many there are, without reading
every row: a province's queue of values to review can hold thousands."""

from __future__ import annotations

from moralprovince.geo.models import Province
from moralprovince.portal.queries import SHOWN, Listed
from moralprovince.testing import MoralTestCase


class ListedTests(MoralTestCase):
    def test_a_long_queue_reads_its_first_rows_and_counts_the_rest(self):
        rows = Province.objects.order_by("code")
        self.assertGreater(rows.count(), SHOWN)
        with self.assertNumQueries(2):
            listed = Listed.first_of(rows)
        self.assertEqual(len(listed.rows), SHOWN)
        self.assertEqual(listed.total, rows.count())
        self.assertEqual(listed.more, rows.count() - SHOWN)

    def test_a_short_queue_is_read_in_one_query(self):
        rows = Province.objects.filter(code__in=["84", "57"]).order_by("code")
        with self.assertNumQueries(1):
            listed = Listed.first_of(rows)
        self.assertEqual(
            ([p.code for p in listed.rows], listed.total, listed.more), (["57", "84"], 2, 0)
        )
