"""A report or a value whose write fails at its last step has stored nothing.

Each write is one transaction: the report, its counts by category, its evidence files and
the month's totals; the value, its shares and its audit entry. A failure anywhere (here
forced at the last step) leaves no row and no file, so a person who retries after an error
page counts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from moralprovince.audit.models import AuditEntry
from moralprovince.geo.models import Subdistrict
from moralprovince.monitoring import services
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    IndicatorValue,
    IndicatorYearTotal,
    ParticipantCount,
)
from moralprovince.monitoring.services import ActivityReportInput, ValueInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans.tests.base import TemporaryMedia

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Failure(Exception):
    pass


class FailedWriteTests(TemporaryMedia, MonitoringTestCase):
    def counts(self) -> dict[str, int]:
        models = [
            ActivityReport,
            ParticipantCount,
            ActivityMonthTotal,
            IndicatorValue,
            IndicatorYearTotal,
            AuditEntry,
        ]
        return {m.__name__: m._base_manager.count() for m in models}

    def report_data(self) -> ActivityReportInput:
        return ActivityReportInput(
            held_on=dt.date(2021, 1, 15),
            subdistrict=Subdistrict.objects.get(pk="841301"),
            participants=40,
            description="อบรมครูแกนนำ",
            files=[SimpleUploadedFile("รายงาน.pdf", PDF, content_type="application/pdf")],
        )

    def stored_files(self) -> list[Path]:
        return [p for p in Path(self.media_root).rglob("*") if p.is_file()]

    def test_a_report_that_fails_at_its_last_step_leaves_no_row_and_no_file(self) -> None:
        before = self.counts()
        with (
            mock.patch.object(services, "_mark_held", side_effect=Failure),
            self.assertRaises(Failure),
        ):
            services.create_activity_report(
                actor=self.coordinator, activity=self.training, data=self.report_data()
            )
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.stored_files(), [])
        # The same report sent again is stored once.
        services.create_activity_report(
            actor=self.coordinator, activity=self.training, data=self.report_data()
        )
        self.assertEqual(ActivityReport.objects.count(), before["ActivityReport"] + 1)

    def test_a_value_that_fails_at_its_audit_entry_leaves_no_row(self) -> None:
        before = self.counts()
        data = ValueInput(fiscal_year=2564, period="Q1", value=Decimal(3))
        with (
            mock.patch.object(services, "log_action", side_effect=Failure),
            self.assertRaises(Failure),
        ):
            services.enter_value(
                actor=self.coordinator, indicator=self.network_indicator, data=data
            )
        self.assertEqual(self.counts(), before)
