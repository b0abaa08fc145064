from django.core.management.base import BaseCommand

from moralprovince.portal.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Create the virtues, Master Plan No. 1, organisation types and funding sources if missing."
    )

    def handle(self, *args: object, **options: object) -> None:
        load_reference_data()
        self.stdout.write("Reference data is in place.")
