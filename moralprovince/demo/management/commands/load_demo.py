import os

from django.core.management.base import BaseCommand

from moralprovince.demo.services import load_demo

DEFAULT_PASSWORD = "moral-demo-2563"


class Command(BaseCommand):
    help = "Load the Surat Thani demo programme and one demo user per role (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        summary = load_demo(password=password)
        self.stdout.write(
            f"Demo ready: Surat Thani with {summary.networks} networks and "
            f"{summary.organisations} organisations; {summary.users} demo users."
        )
