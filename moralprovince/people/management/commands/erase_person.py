from typing import Any

from django.core.management.base import BaseCommand, CommandError

from moralprovince.accounts.access import SYSTEM
from moralprovince.people.models import Person
from moralprovince.people.services import erase_person


class Command(BaseCommand):
    help = (
        "Erase one person's data (a PDPA request): the name replaced, contacts blanked, "
        "attendance and scores kept so that the figures do not change. Audited."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("person_id", type=int)
        parser.add_argument("--yes", action="store_true", help="Erase without asking.")

    def handle(self, *args: object, **options: Any) -> None:
        someone = Person.objects.filter(pk=options["person_id"]).first()
        if someone is None:
            raise CommandError(f"No person with id {options['person_id']}.")
        if not options["yes"]:
            raise CommandError("Erasing cannot be undone: run again with --yes to erase.")
        erase_person(actor=SYSTEM, someone=someone)
        self.stdout.write(f"Erased person {someone.pk}.")
