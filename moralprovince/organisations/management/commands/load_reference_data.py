from django.core.management.base import BaseCommand

from moralprovince.organisations.reference import load_reference_data


class Command(BaseCommand):
    help = "Create the core virtues, Master Plan No. 1 and organisation types if missing."

    def handle(self, *args: object, **options: object) -> None:
        load_reference_data()
        self.stdout.write("Reference data is in place.")
