"""With TASKS_BACKEND=rq the queue is Redis and the worker django-rq's: a job still runs once,
and its task reaches Redis only when the job's row is committed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import unittest
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

from moralprovince.jobs.models import Job
from moralprovince.jobs.services import REGISTRY, enqueue
from moralprovince.testing import MoralTestCase

RUNS: list[int] = []


def counted_job(job: Job, progress: Any) -> list[tuple[str, str, bytes]]:
    RUNS.append(job.pk)
    return [("ผล", "result.txt", b"ok")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


REDIS = shutil.which("redis-server")


@mock.patch.dict(REGISTRY, {"jobs.test_rq": counted_job})
class RedisQueueTests(MoralTestCase):
    server: subprocess.Popen[bytes]
    port: int

    @classmethod
    def setUpClass(cls) -> None:
        if REDIS is None:
            raise unittest.SkipTest("redis-server is not installed")
        cls.port = free_port()
        cls.directory = tempfile.mkdtemp()
        cls.server = subprocess.Popen(
            [REDIS, "--port", str(cls.port), "--save", "", "--dir", cls.directory],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", cls.port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls.server.terminate()
        cls.server.wait()
        shutil.rmtree(cls.directory, ignore_errors=True)

    def setUp(self) -> None:
        RUNS.clear()
        url = f"redis://127.0.0.1:{self.port}/0"
        rq = override_settings(
            JOBS_RUN_INLINE=False,
            TASKS_BACKEND="rq",
            TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
            RQ_QUEUES={"default": {"URL": url, "DEFAULT_TIMEOUT": 600}},
        )
        rq.enable()
        self.addCleanup(rq.disable)

    def queued(self) -> int:
        import django_rq

        return int(django_rq.get_queue("default").count)

    def run_worker(self) -> None:
        # django-rq closes the database connections before it forks; in a test that would
        # close the test's own transaction.
        with mock.patch("django_rq.management.commands.rqworker.reset_db_connections"):
            call_command("run_jobs", "--once", verbosity=0)

    def test_the_task_reaches_redis_when_the_job_is_committed_and_runs_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            job = enqueue(actor=self.admin, kind="jobs.test_rq", province=self.surat, params={})
            self.assertEqual(self.queued(), 0)
        for callback in callbacks:
            callback()
        self.assertEqual(self.queued(), 1)
        self.run_worker()
        self.run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, RUNS), ("done", 1, [job.pk]))
        self.assertEqual(job.files.get().name, "result.txt")
        self.assertEqual(self.queued(), 0)
