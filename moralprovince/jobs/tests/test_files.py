import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings

from moralprovince.core.files import url_for
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
        url = url_for(self.item)
        response = self.client.get(url)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.7")
        self.item.file.storage.delete(self.item.file.name)
        self.assertEqual(self.client.get(url).status_code, 404)
        for item in [HUGE, 0]:
            with self.subTest(item=item):
                self.assertEqual(
                    self.client.get(url.replace(f"/{self.item.pk}/", f"/{item}/")).status_code, 404
                )
        self.assertEqual(self.client.get(f"/jobs/{HUGE}/").status_code, 404)
