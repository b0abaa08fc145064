from django.db.models import Sum
from django.test import TestCase

from moralprovince.demo.national import Scale, load_national
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    IndicatorValue,
    IndicatorYearTotal,
)
from moralprovince.organisations.models import Organisation, Programme
from moralprovince.organisations.queries import filter_directory


class NationalScaleTests(TestCase):
    def test_every_province_gets_data_and_the_kept_totals_match_the_raw_rows(self):
        counts = load_national(
            Scale(
                organisations=770,
                reports=3000,
                values=8000,
                activities_per_plan=2,
                province_indicators=1,
            )
        )
        self.assertEqual(Programme.objects.count(), 77)
        self.assertEqual(Organisation.objects.count(), counts["organisations"])
        self.assertEqual(ActivityReport.objects.count(), 3000)
        months = ActivityMonthTotal.objects.aggregate(r=Sum("reports"), p=Sum("participants"))
        self.assertEqual(months["r"], 3000)
        self.assertEqual(months["p"], ActivityReport.objects.aggregate(p=Sum("participants"))["p"])
        approved = IndicatorValue.objects.filter(status="approved").aggregate(t=Sum("value"))["t"]
        self.assertEqual(IndicatorYearTotal.objects.aggregate(t=Sum("actual"))["t"], approved)
        self.assertGreater(counts["indicator_values"], 7000)
        # The generated names are searchable as the app's own are: a correctly typed word,
        # tone marks and all, finds them through the directory's search.
        found = filter_directory(Organisation.objects.all(), q="องค์กรตัวอย่าง")
        self.assertEqual(found.count(), counts["organisations"])
