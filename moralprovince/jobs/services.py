"""Queue and run background jobs. Each kind of job is a function registered by its app.

A job function takes the job and a `progress(percent, message)` callback and returns the
files it made as (label, filename, bytes). The `Job` row is what pages show (progress,
message, files); the queue is Django's tasks framework (`run_job_task`), whose worker
(`manage.py run_jobs`) runs one task per job. With JOBS_RUN_INLINE the job runs right after
the request's commit instead.

A job stops when it has run JOBS_TIME_LIMIT_SECONDS. One still marked running after that
lost its worker (killed, or the machine went down): it is queued again, up to
JOBS_MAX_ATTEMPTS runs, and then marked failed with the reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from moralprovince.accounts.access import SYSTEM, Actor, SystemActor, person
from moralprovince.audit.services import log_action
from moralprovince.jobs.access import READ_RULES
from moralprovince.jobs.models import Job, JobFile

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
JobFunction = Callable[[Job, Progress], list[tuple[str, str, bytes]]]
REGISTRY: dict[str, JobFunction] = {}


def register(
    kind: str, *, readers: Callable[[Actor, Job], bool] | None = None
) -> Callable[[JobFunction], JobFunction]:
    """Register the function of a kind of job, and who may read its page and files besides
    being its starter or a province admin (`access.READ_RULES`)."""

    def decorator(function: JobFunction) -> JobFunction:
        REGISTRY[kind] = function
        if readers is not None:
            READ_RULES[kind] = readers
        return function

    return decorator


@transaction.atomic
def enqueue(*, actor: Actor, kind: str, province: Any, params: dict[str, Any]) -> Job:
    """Queue a job; it runs in the worker, or after this transaction commits if inline."""
    if kind not in REGISTRY:
        raise ValueError(kind)
    job = Job.objects.create(
        kind=kind,
        province=province,
        params=params,
        created_by=person(actor),
        by_system=isinstance(actor, SystemActor),
    )
    log_action(
        actor=actor,
        action="jobs.job.created",
        obj=job,
        province_id=province.pk if province else None,
        after={"kind": kind, **params},
    )
    if settings.JOBS_RUN_INLINE:
        # Run only once the job row is committed, as a worker would see it.
        transaction.on_commit(lambda: run_job(job.pk))
    elif settings.TASKS_BACKEND == "database":
        # The task's row is written in this same transaction: the job and its task exist
        # together or not at all, and no worker sees the task before the job is committed.
        dispatch(job)
    else:
        # Redis is outside the transaction: put the task there only once the job exists.
        transaction.on_commit(lambda: dispatch(job))
    return job


def dispatch(job: Job) -> None:
    """Put a task for the job on the queue."""
    result = run_job_task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


@task()
def run_job_task(job_id: int) -> str:
    """What the worker runs: the job, after putting back any job that lost its worker."""
    reap_stale_jobs()
    return run_job(job_id).status


def job_actor(job: Job) -> Actor:
    """Whom a job acts for: the person who queued it, or the system for a command's job.

    A job whose person's account was deleted acts for nobody (an anonymous actor), so every
    rule refuses it rather than letting it run with the system's rights.
    """
    if job.created_by is not None:
        return job.created_by
    return SYSTEM if job.by_system else AnonymousUser()


class TimeLimitReached(Exception):
    """The job ran longer than JOBS_TIME_LIMIT_SECONDS."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop the code inside after `seconds` (in a worker's main thread; a job run inline
    in a request thread is not interrupted)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeLimitReached(
            _("Stopped: it ran longer than %(minutes)s minutes.") % {"minutes": -(-seconds // 60)}
        )

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def reap_stale_jobs() -> int:
    """Queue again, or fail, the jobs still marked running long after their time limit:
    their worker is gone. Returns how many were found."""
    limit = dt.timedelta(
        seconds=settings.JOBS_TIME_LIMIT_SECONDS + settings.JOBS_REAP_GRACE_SECONDS
    )
    stale = Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=timezone.now() - limit)
    found = 0
    for job in stale:
        # The condition on started_at makes two reapers safe: only one changes the row.
        row = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, started_at=job.started_at)
        if job.attempts < settings.JOBS_MAX_ATTEMPTS:
            again = _("Waiting again: the worker running it stopped.")
            if row.update(status=Job.Status.QUEUED, started_at=None, message=again):
                dispatch(job)
                found += 1
        elif row.update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=_("The worker running it stopped %(count)s times.") % {"count": job.attempts},
        ):
            found += 1
    return found


def run_job(job_id: int) -> Job:
    """Run a waiting job and record its outcome. A job that is not waiting (another task
    of it already ran) is left as it is."""
    taken = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    job = Job.objects.get(pk=job_id)
    if not taken:
        return job

    def progress(percent: int, message: str) -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=max(0, min(percent, 100)), message=message[:300]
        )

    try:
        with time_limit(settings.JOBS_TIME_LIMIT_SECONDS):
            files = REGISTRY[job.kind](job, progress)
    except Exception as error:
        logger.exception("Job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, message=str(error)[:300], finished_at=timezone.now()
        )
    else:
        for label, filename, content in files:
            JobFile.objects.create(
                job=job, label=label, name=filename, file=ContentFile(content, name=filename)
            )
        # The last step's message ("making the Excel file") no longer holds once it is done.
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE, progress=100, message="", finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job
