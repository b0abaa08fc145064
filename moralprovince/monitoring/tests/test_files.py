"""Evidence of activity reports and indicator values: only for who may read the record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moralprovince.core.files import url_for
from moralprovince.geo.models import Subdistrict
from moralprovince.monitoring import services
from moralprovince.monitoring.services import ActivityReportInput, ValueInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.monitoring.tests.test_reports import photo
from moralprovince.plans.tests.base import TemporaryMedia

PDF = b"%PDF-1.4 findings of the visit"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class EvidenceAccessTests(TemporaryMedia, MonitoringTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.report = services.create_activity_report(
            actor=self.coordinator,
            activity=self.training,
            data=ActivityReportInput(
                held_on=dt.date(2020, 11, 24),
                subdistrict=Subdistrict.objects.get(pk="841301"),
                participants=120,
                description="อบรมครู",
                files=[photo(name="ภาพ นายสมชาย.png"), pdf("รายชื่อผู้เข้าร่วม นายสมชาย.pdf")],
            ),
        )
        evidence = {e.kind: e for e in self.report.evidence.all()}
        self.image, self.document = evidence["image"], evidence["document"]
        self.value = services.enter_value(
            actor=self.coordinator,
            indicator=self.network_indicator,
            data=ValueInput(
                fiscal_year=2564, period="Q1", value=Decimal(3), evidence=pdf("หลักฐาน.pdf")
            ),
        )

    def fetch(self, user, record):  # type: ignore[no-untyped-def]
        self.client.logout()
        if user is not None:
            self.login(user)
        return self.client.get(url_for(record))

    def test_those_who_read_the_report_get_its_evidence(self):
        for user in (self.coordinator, self.admin, self.evaluator, self.national):
            for record, stored in ((self.image, self.image.file), (self.document, PDF)):
                with self.subTest(user=user.username, record=record.kind):
                    response = self.fetch(user, record)
                    self.assertEqual(response.status_code, 200)
                    body = b"".join(response.streaming_content)
                    if isinstance(stored, bytes):
                        self.assertEqual(body, stored)
                    else:
                        with stored.open("rb") as handle:
                            self.assertEqual(body, handle.read())

    def test_anyone_else_gets_nothing_of_the_evidence(self):
        # The viewer reads the religion network only: the wrong network.
        for user in (None, self.outsider, self.viewer):
            for record in (self.image, self.document, self.value):
                with self.subTest(user=user, record=record):
                    self.assertEqual(self.fetch(user, record).status_code, 404)

    def test_those_who_read_the_indicator_get_its_values_evidence(self):
        for user in (self.coordinator, self.admin, self.evaluator):
            with self.subTest(user=user.username):
                response = self.fetch(user, self.value)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)
                self.assertIn("attachment;", response["Content-Disposition"])
                self.assertIn('filename="evidence-E1-2564-Q1.pdf"', response["Content-Disposition"])

    def test_photos_are_shown_documents_downloaded_and_no_name_is_the_uploaders(self):
        shown = self.fetch(self.admin, self.image)
        self.assertTrue(shown["Content-Disposition"].startswith("inline;"))
        self.assertEqual(shown["X-Content-Type-Options"], "nosniff")
        downloaded = self.fetch(self.admin, self.document)
        self.assertTrue(downloaded["Content-Disposition"].startswith("attachment;"))
        for record in (self.image.file, self.document.file, self.value.evidence):
            self.assertRegex(record.name, r"^evidence/(reports|values)/\d{4}/[0-9a-f]{32}\.\w+$")
        self.assertNotIn("สมชาย", downloaded["Content-Disposition"])

    def test_the_pages_link_the_evidence_through_the_files_view(self):
        self.login(self.admin)
        report = self.client.get(reverse("monitoring:report", args=[self.report.pk]))
        self.assertContains(report, f'src="{url_for(self.image)}"')
        self.assertContains(report, f'href="{url_for(self.document)}"')
        indicator = self.client.get(
            reverse("monitoring:indicator", args=[self.network_indicator.pk]) + "?fy=2564"
        )
        self.assertContains(indicator, f'href="{url_for(self.value)}"')
        self.assertNotContains(indicator, self.value.evidence.name)

    def test_a_value_without_evidence_has_no_file(self):
        bare = self.enter(self.network_indicator, "Q2", 1)
        self.assertEqual(url_for(bare), "")
        self.login(self.admin)
        address = reverse("core:file", args=["value-evidence", bare.pk, "x.pdf"])
        self.assertEqual(self.client.get(address).status_code, 404)
