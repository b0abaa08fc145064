import time

from django.core.management.base import BaseCommand

from moralprovince.jobs.services import claim_next, run_job


class Command(BaseCommand):
    help = "Run waiting background jobs; with --once, run those waiting now and stop."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--sleep", type=float, default=1.0)

    def handle(self, *args: object, **options: object) -> None:
        while True:
            job = claim_next()
            if job is not None:
                finished = run_job(job.pk)
                self.stdout.write(f"{finished.kind} #{finished.pk}: {finished.status}")
                continue
            if options["once"]:
                return
            time.sleep(float(options["sleep"]))  # type: ignore[arg-type]
