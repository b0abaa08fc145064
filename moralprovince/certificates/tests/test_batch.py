import io
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from moralprovince.accounts.access import NotAllowed
from moralprovince.certificates.models import Certificate
from moralprovince.certificates.services import issue_certificate, start_batch
from moralprovince.certificates.sources import register
from moralprovince.certificates.tests.base import KIND, TEST_SOURCE, CertificateTestCase
from moralprovince.jobs.models import Job
from moralprovince.lib.tests.thai_pdf import pdf_text
from moralprovince.organisations.models import Organisation
from moralprovince.plans.tests.base import TemporaryMedia
from moralprovince.testing import make_organisation


@override_settings(JOBS_RUN_INLINE=True)
class BatchTests(TemporaryMedia, CertificateTestCase):
    def test_the_job_issues_every_certificate_and_makes_one_pdf_with_a_page_each(self):
        for n in range(4):
            make_organisation(self.surat, f"โรงเรียนทดสอบ {n}", "school", "841301")
        ids = list(Organisation.objects.filter(province_id="84").values_list("pk", flat=True))
        already = issue_certificate(actor=self.admin, kind=KIND, object_id=ids[0])
        with self.captureOnCommitCallbacks(execute=True):
            job = start_batch(actor=self.admin, kind=KIND, province_id="84", object_ids=ids)
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress), (Job.Status.DONE, 100), job.message)
        self.assertEqual(Certificate.objects.count(), len(ids))
        self.assertEqual(Certificate.objects.filter(pk=already.pk).count(), 1)
        stored = job.files.get()
        content = stored.file.read()
        reader = PdfReader(io.BytesIO(content))
        self.assertEqual(len(reader.pages), len(ids))
        text = pdf_text(content)
        for certificate in Certificate.objects.all():
            self.assertIn(certificate.display_code, text)
        self.login(self.admin)
        page = self.client.get(reverse("jobs:job", args=[job.pk]))
        self.assertContains(page, "เกียรติบัตร")

    def test_whoever_the_source_lets_issue_reads_their_batch_and_the_outsider_does_not(self):
        register(replace(TEST_SOURCE, may_issue=lambda actor, province_id, object_id: True))
        with self.captureOnCommitCallbacks(execute=True):
            job = start_batch(
                actor=self.coordinator, kind=KIND, province_id="84", object_ids=[self.school.pk]
            )
        page = reverse("jobs:job", args=[job.pk])
        self.login(self.coordinator)
        self.assertContains(self.client.get(page), "เกียรติบัตร (PDF)")
        self.login(self.outsider)
        self.assertEqual(self.client.get(page).status_code, 404)
        self.login(self.reporter)
        self.assertEqual(self.client.get(page).status_code, 404)

    def test_another_provinces_admin_may_not_start_a_batch_of_surat_thani(self):
        with self.assertRaises(NotAllowed):
            start_batch(
                actor=self.outsider, kind=KIND, province_id="84", object_ids=[self.school.pk]
            )
        self.assertFalse(Job.objects.exists())

    def test_objects_of_another_province_fail_the_job(self):
        with self.captureOnCommitCallbacks(execute=True):
            job = start_batch(
                actor=self.national,
                kind=KIND,
                province_id="84",
                object_ids=[self.school.pk, self.other_org.pk],
            )
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertFalse(job.files.exists())

    def test_an_empty_batch_is_refused_by_name(self):
        with self.assertRaises(ValidationError) as caught:
            start_batch(actor=self.admin, kind=KIND, province_id="84", object_ids=[])
        self.assertIn("object_ids", caught.exception.message_dict)
