import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from moralprovince.jobs.models import JobFile
from moralprovince.jobs.services import enqueue
from moralprovince.testing import MoralTestCase

HUGE = "99999999999999999999"


class JobFileTests(MoralTestCase):
    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp(prefix="moralprovince-jobs-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        self.job = enqueue(
            actor=self.admin,
            kind="monitoring.year_report",
            province=self.surat,
            params={"fiscal_year": 2564},
        )
        self.item = JobFile.objects.create(
            job=self.job, label="PDF", file=ContentFile(b"%PDF-1.7", name="report.pdf")
        )
        self.login(self.admin)

    def test_a_file_is_downloaded_and_a_missing_or_unknown_one_is_not_found(self):
        url = reverse("jobs:download", args=[self.job.pk, self.item.pk])
        response = self.client.get(url)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.7")
        self.item.file.storage.delete(self.item.file.name)
        self.assertEqual(self.client.get(url).status_code, 404)
        for job, item in [(self.job.pk, HUGE), (HUGE, self.item.pk), (self.job.pk, 0)]:
            with self.subTest(job=job, item=item):
                self.assertEqual(self.client.get(f"/jobs/{job}/files/{item}/").status_code, 404)
        self.assertEqual(self.client.get(f"/jobs/{HUGE}/").status_code, 404)
