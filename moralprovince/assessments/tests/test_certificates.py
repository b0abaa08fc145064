"""Approved results get certificates made for the whole round in one job; the QR's page says
the certificate stands, and a reopened result's certificate no longer does."""

from __future__ import annotations

import tempfile

from django.test import override_settings
from django.urls import reverse

from moralprovince.assessments import services
from moralprovince.assessments.models import Assessment
from moralprovince.assessments.tests.base import AssessmentTestCase
from moralprovince.certificates.models import Certificate
from moralprovince.jobs.models import Job


@override_settings(JOBS_RUN_INLINE=True, MEDIA_ROOT=tempfile.mkdtemp(prefix="assess-cert-"))
class RoundCertificateTests(AssessmentTestCase):
    def approved(self, organisation: object) -> Assessment:
        assessment = self.of(organisation)
        services.save_self_assessment(
            actor=self.admin,
            assessment=assessment,
            entries={n: services.Entry(value="100" if n <= 2 else "2") for n in range(1, 10)},
            submit=True,
            has_records=[1, 2, 3],
        )
        services.verify_assessment(
            actor=self.evaluator, assessment=assessment, checks={}, action="verify"
        )
        services.approve_assessments(actor=self.admin, rnd=self.rnd, ids=[assessment.pk])
        assessment.refresh_from_db()
        return assessment

    def make(self, user: object) -> object:
        self.login(user)
        url = reverse("assessments:round-certificates", args=[self.rnd.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, follow=True)

    def test_the_round_gets_one_pdf_and_each_certificate_stands_until_reopened(self) -> None:
        assessment = self.approved(self.school)
        self.assertGreaterEqual(assessment.level, 1)
        response = self.make(self.admin)
        job = Job.objects.get(kind="certificates.batch")
        self.assertEqual(job.status, "done")
        self.assertRedirects(response, reverse("jobs:job", args=[job.pk]))
        certificate = Certificate.objects.get(kind="assessment", object_id=assessment.pk)
        self.assertEqual(certificate.holder_name, self.school.name_th)
        self.assertIn("องค์กรคุณธรรม", certificate.title_lines[0])
        self.assertTrue(certificate.level_label.startswith(f"ระดับที่ {'๐๑๒๓'[assessment.level]}"))
        page = self.client.get(reverse("assessments:assessment", args=[assessment.pk]))
        self.assertContains(page, certificate.display_code)
        verify = reverse("certificates:verify", args=[certificate.code])
        self.client.logout()
        self.assertContains(self.client.get(verify), "เกียรติบัตรนี้ยังมีผลอยู่")
        self.login(self.admin)
        services.reopen_assessment(actor=self.admin, assessment=assessment, reason="แก้คะแนนข้อ 4")
        certificate.refresh_from_db()
        self.assertIsNotNone(certificate.revoked_at)
        self.assertIn("แก้คะแนนข้อ 4", certificate.revoked_reason)
        self.client.logout()
        self.assertNotContains(self.client.get(verify), "เกียรติบัตรนี้ยังมีผลอยู่")

    def test_a_round_with_nothing_approved_says_so_and_makes_nothing(self) -> None:
        response = self.make(self.admin)
        self.assertContains(response, "nothing to certify")
        self.assertFalse(Job.objects.exists())

    def test_only_the_rounds_managers_make_them(self) -> None:
        self.approved(self.school)
        for user in (self.outsider, self.reporter, self.coordinator):
            with self.subTest(user=user.username):
                self.assertEqual(self.make(user).status_code, 404)
        self.assertFalse(Certificate.objects.exists())
