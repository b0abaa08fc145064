"""Jobs run through Django's tasks framework: once each, stopped at their time limit, and
queued again when their worker dies."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from moralprovince.jobs.models import Job
from moralprovince.jobs.services import REGISTRY, dispatch, enqueue, reap_stale_jobs
from moralprovince.testing import MoralTestCase

RUNS: list[int] = []


def counted_job(job: Job, progress: Any) -> list[tuple[str, str, bytes]]:
    RUNS.append(job.pk)
    return [("ผล", "result.txt", b"ok")]


def slow_job(job: Job, progress: Any) -> list[tuple[str, str, bytes]]:
    time.sleep(3)
    return []


def run_worker() -> None:
    # The worker closes connections it thinks stale; inside a test's transaction that would
    # close the test's own connection (SQLite's in-memory one survives, PostgreSQL's not).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("run_jobs", "--once", "--sleep", "0", verbosity=0)


@override_settings(JOBS_RUN_INLINE=False)
@mock.patch.dict(REGISTRY, {"jobs.test_count": counted_job, "jobs.test_slow": slow_job})
class WorkerTests(MoralTestCase):
    def setUp(self) -> None:
        RUNS.clear()

    def queue(self, kind: str = "jobs.test_count") -> Job:
        return enqueue(actor=self.admin, kind=kind, province=self.surat, params={})

    def test_a_queued_job_is_a_task_that_the_worker_runs_once(self) -> None:
        job = self.queue()
        job.refresh_from_db()
        task = DBTaskResult.objects.get(pk=job.task_id)
        self.assertEqual(task.task_path, "moralprovince.jobs.services.run_job_task")
        self.assertEqual(task.args_kwargs["args"], [job.pk])
        run_worker()
        run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, RUNS), ("done", 1, [job.pk]))
        self.assertEqual(job.files.get().name, "result.txt")

    def test_two_tasks_of_one_job_run_it_once(self) -> None:
        job = self.queue()
        dispatch(job)
        self.assertEqual(DBTaskResult.objects.count(), 2)
        run_worker()
        self.assertEqual(RUNS, [job.pk])
        self.assertEqual(DBTaskResult.objects.filter(status="SUCCESSFUL").count(), 2)

    @override_settings(JOBS_TIME_LIMIT_SECONDS=1)
    def test_a_job_over_its_time_limit_is_stopped_and_says_why(self) -> None:
        job = self.queue("jobs.test_slow")
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertEqual(job.message, "หยุดแล้ว: ทำงานนานเกิน 1 นาที")

    def lost(self, attempts: int) -> Job:
        """A job its worker took two hours ago and never finished."""
        job = self.queue()
        Job.objects.filter(pk=job.pk).update(
            status="running", attempts=attempts, started_at=timezone.now() - dt.timedelta(hours=2)
        )
        DBTaskResult.objects.update(status="RUNNING")
        return job

    def test_a_job_whose_worker_died_is_queued_again_and_then_runs(self) -> None:
        job = self.lost(attempts=1)
        self.assertEqual(reap_stale_jobs(), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, "queued")
        run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, RUNS), ("done", 2, [job.pk]))

    def test_a_job_whose_worker_died_too_often_fails_and_its_page_says_so(self) -> None:
        job = self.lost(attempts=2)
        self.login(self.admin)
        page = self.client.get(f"/jobs/{job.pk}/")
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertContains(page, job.message)
        run_worker()
        self.assertEqual(RUNS, [])

    def test_a_running_job_within_its_time_is_left_alone(self) -> None:
        job = self.queue()
        Job.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
        self.assertEqual(reap_stale_jobs(), 0)
        job.refresh_from_db()
        self.assertEqual(job.status, "running")
