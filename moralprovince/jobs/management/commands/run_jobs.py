"""The background-job worker, after putting back lost jobs: django-tasks-db's worker, or with
TASKS_BACKEND=rq django-rq's."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from moralprovince.jobs.services import reap_stale_jobs


class Command(BaseCommand):
    help = (
        "Run background jobs as they are queued; with --once, run those waiting now and stop. "
        "Start as many as you like, on as many machines: each job runs once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--sleep", type=float, default=1.0)

    def handle(self, *args: Any, once: bool, sleep: float, **options: Any) -> None:
        reap_stale_jobs()
        if settings.TASKS_BACKEND == "rq":
            rq_options = {"job_class": "django_tasks_rq.backend.Job", "burst": once}
            if once:
                # One process for the run: nothing forked to outlive the command.
                rq_options["worker_class"] = "rq.worker.SimpleWorker"
            # django-rq's command, called as itself: it needs no entry in INSTALLED_APPS.
            from django_rq.management.commands.rqworker import Command as RQWorker

            call_command(RQWorker(), "default", verbosity=options["verbosity"], **rq_options)
            return
        worker_options = {"interval": sleep, "batch": once, "reload": False}
        call_command("db_worker", verbosity=options["verbosity"], **worker_options)
