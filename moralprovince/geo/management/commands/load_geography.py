from django.core.management.base import BaseCommand

from moralprovince.geo.services import GEOTHAI_CREDIT, load_geography


class Command(BaseCommand):
    help = "Load Thailand's provinces, districts and subdistricts from the geothai package."

    def handle(self, *args: object, **options: object) -> None:
        counts = load_geography()
        self.stdout.write(
            f"{counts.provinces} provinces, {counts.districts} districts, "
            f"{counts.subdistricts} subdistricts ({GEOTHAI_CREDIT})"
        )
