"""With STORAGE_BUCKET set, files live in S3-compatible object storage (an in-memory S3 here):
a job's file is written there, nothing lands on the local disk, and the files view serves it
to the person who may see it and to no one else."""

from __future__ import annotations

import os
import tempfile
from typing import Any
from unittest import mock

import boto3
from django.test import override_settings
from moto import mock_aws

from moralprovince.core.files import url_for
from moralprovince.jobs.models import Job
from moralprovince.jobs.services import REGISTRY, enqueue
from moralprovince.testing import MoralTestCase

BUCKET = "moral-province-files"
S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {"bucket_name": BUCKET, "region_name": "us-east-1", "default_acl": "private"},
}


def report_job(job: Job, progress: Any) -> list[tuple[str, str, bytes]]:
    return [("รายงาน", "report.txt", "ผลการตรวจเยี่ยม".encode())]


@mock.patch.dict(REGISTRY, {"core.test_report": report_job})
@mock.patch.dict(
    os.environ,
    {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},  # moto's own
)
class ObjectStorageTests(MoralTestCase):
    def setUp(self) -> None:
        aws = mock_aws()
        aws.start()
        self.addCleanup(aws.stop)
        self.client_s3 = boto3.client("s3", region_name="us-east-1")
        self.client_s3.create_bucket(Bucket=BUCKET)
        media = tempfile.mkdtemp()
        storages = override_settings(
            STORAGES={
                "default": S3,
                "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
            },
            MEDIA_ROOT=media,
            JOBS_RUN_INLINE=True,
        )
        storages.enable()
        self.addCleanup(storages.disable)
        self.media = media

    def test_a_job_file_is_kept_in_the_bucket_and_served_only_to_those_who_may(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            job = enqueue(actor=self.admin, kind="core.test_report", province=self.surat, params={})
        stored = job.files.get()
        keys = [o["Key"] for o in self.client_s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
        self.assertEqual(keys, [stored.file.name])
        self.assertEqual(os.listdir(self.media), [])
        self.login(self.admin)
        response = self.client.get(f"/jobs/{job.pk}/")
        self.assertEqual(response.status_code, 200)
        url = url_for(stored)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), "ผลการตรวจเยี่ยม".encode())
        self.login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
