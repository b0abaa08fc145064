from django.core.management.base import BaseCommand
from django.utils import timezone

from moralprovince.monitoring.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail the people of every unit that owes indicator values or activity reports."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_reminders(timezone.localdate())
        self.stdout.write(f"{sent} reminder(s) sent.")
