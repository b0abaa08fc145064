"""Files of responses are kept and read through the storage API, and never outlive their row."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from moralprovince.accounts.access import SYSTEM
from moralprovince.core.files import url_for
from moralprovince.surveys.models import Response, ResponseImport
from moralprovince.surveys.services import check_import, import_responses
from moralprovince.surveys.tests.base import MEDIA, SurveyTestCase, csv_text, many, upload_bytes
from moralprovince.testing import PASSWORD

IN_MEMORY = {
    **settings.STORAGES,
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}


class StorageTests(SurveyTestCase):
    def content(self, count: int = 3) -> bytes:
        return csv_text(many(count, self.school.code), self.items).encode()

    @override_settings(STORAGES=IN_MEMORY)
    def test_a_storage_other_than_the_disk_holds_and_serves_the_file(self) -> None:
        # The in-memory storage has no path: any `.path` on the way would fail here.
        record = upload_bytes(self.round, self.content(count=4))
        self.assertTrue(default_storage.exists(record.file.name))
        self.assertFalse((Path(MEDIA) / record.file.name).exists())
        self.client.login(username=self.evaluator.username, password=PASSWORD)
        page = self.client.get(reverse("surveys:import", args=[record.pk]))
        self.assertContains(page, 'id="mapping"')
        self.assertNotContains(page, self.school.code)  # no row of the file is shown
        served = self.client.get(url_for(record))
        self.assertEqual(b"".join(served.streaming_content), record.file.open("rb").read())
        check_import(actor=SYSTEM, record=record)
        self.assertEqual(record.status, ResponseImport.Status.CHECKED)
        self.assertEqual(import_responses(actor=SYSTEM, record=record).added, 4)
        self.assertEqual(Response.objects.filter(round=self.round).count(), 4)

    def test_a_file_whose_row_is_rolled_back_is_not_kept(self) -> None:
        kept = upload_bytes(self.round, self.content(), name="kept.csv")
        self.assertTrue((Path(MEDIA) / kept.file.name).exists())
        saved: list[str] = []

        def fail(**entry: Any) -> None:
            saved.append(entry["obj"].file.name)
            raise RuntimeError("the audit log is down")

        with (
            mock.patch("moralprovince.surveys.services.log_action", fail),
            self.assertRaises(RuntimeError),
        ):
            upload_bytes(self.round, b"x,y\n1,2\n", name="lost.csv")
        self.assertTrue(saved)
        self.assertFalse((Path(MEDIA) / saved[0]).exists())
        self.assertEqual(
            list(ResponseImport.objects.values_list("original_name", flat=True)), ["kept.csv"]
        )
