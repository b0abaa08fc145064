from django.core.management.base import BaseCommand

from moralprovince.knowledge.services import reindex_items


class Command(BaseCommand):
    help = (
        "Rebuild the search entry of every news post, case, assembly and research project, "
        "after a change to how their text is read (the entries change; the items do not)."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = reindex_items()
        self.stdout.write(f"{count} items indexed again.")
