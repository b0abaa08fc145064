import os
import time

from django.core.management.base import BaseCommand

from moralprovince.demo.national import load_national
from moralprovince.demo.services import load_demo

DEFAULT_PASSWORD = "moral-demo-2563"


class Command(BaseCommand):
    help = "Load the Surat Thani demo programme and one demo user per role (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--national",
            action="store_true",
            help="Also give every other province national-scale synthetic data (benchmarks).",
        )

    def handle(self, *args: object, **options: object) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        summary = load_demo(password=password)
        self.stdout.write(
            f"Demo ready: Surat Thani with {summary.networks} networks and "
            f"{summary.organisations} organisations; {summary.users} demo users."
        )
        if options["national"]:
            started = time.perf_counter()
            counts = load_national()
            took = time.perf_counter() - started
            self.stdout.write(
                f"National scale in {took:.1f} s: "
                + ", ".join(f"{k} {v:,}" for k, v in counts.items())
            )
