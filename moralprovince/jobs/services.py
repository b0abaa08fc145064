"""Queue and run background jobs. Each kind of job is a function registered by its app.

A job function takes the job and a `progress(percent, message)` callback and returns the
files it made as (label, filename, bytes). The worker (`manage.py run_jobs`) runs waiting
jobs one by one; with JOBS_RUN_INLINE the job runs right after the request's commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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
    return job


def job_actor(job: Job) -> Actor:
    """Whom a job acts for: the person who queued it, or the system for a command's job.

    A job whose person's account was deleted acts for nobody (an anonymous actor), so every
    rule refuses it rather than letting it run with the system's rights.
    """
    if job.created_by is not None:
        return job.created_by
    return SYSTEM if job.by_system else AnonymousUser()


def claim_next() -> Job | None:
    """Take the oldest waiting job; the conditional update makes two workers safe."""
    for job in Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at")[:5]:
        taken = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now()
        )
        if taken:
            return job
    return None


def run_job(job_id: int) -> Job:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())

    def progress(percent: int, message: str) -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=max(0, min(percent, 100)), message=message[:300]
        )

    try:
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
