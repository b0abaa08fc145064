"""`/healthz` says whether the database, the storage and the queue work."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from unittest import mock

from django.db.utils import OperationalError
from django.test import TestCase, override_settings
from django.utils import timezone

from moralprovince.jobs.models import Job


class HealthTests(TestCase):
    def setUp(self) -> None:
        media = tempfile.TemporaryDirectory(prefix="moralprovince-health-")
        self.addCleanup(media.cleanup)
        self.media = Path(media.name)
        self.enterContext(override_settings(MEDIA_ROOT=self.media))

    def test_it_answers_ok_without_login_and_leaves_no_file(self) -> None:
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(
            {name: check["ok"] for name, check in body["checks"].items()},
            {"database": True, "storage": True, "queue": True},
        )
        self.assertEqual([p for p in self.media.rglob("*") if p.is_file()], [])
        self.assertIn("no-cache", response["Cache-Control"])

    def test_it_answers_503_when_the_database_fails(self) -> None:
        with mock.patch("moralprovince.portal.health.connection.cursor") as cursor:
            cursor.side_effect = OperationalError("server closed the connection")
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["database"]["ok"], False)
        self.assertNotIn("server closed", response.content.decode())

    def test_it_answers_503_when_the_storage_cannot_be_written(self) -> None:
        with mock.patch("moralprovince.portal.health.default_storage.save") as save:
            save.side_effect = PermissionError("read-only file system")
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["storage"]["ok"], False)

    def test_it_reports_a_stalled_queue_without_failing(self) -> None:
        job = Job.objects.create(kind="surveys.check")
        Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        queue = response.json()["checks"]["queue"]
        self.assertEqual((queue["waiting"], queue["stalled"]), (1, True))
        self.assertGreaterEqual(queue["oldest_wait_seconds"], 3600)
