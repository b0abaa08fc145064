import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from moralprovince.accounts.access import SYSTEM
from moralprovince.people.models import Person
from moralprovince.people.services import export_person


class Command(BaseCommand):
    help = "Print everything held about one person as JSON (a PDPA request); the export is audited."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("person_id", type=int)

    def handle(self, *args: object, **options: Any) -> None:
        someone = Person.objects.filter(pk=options["person_id"]).first()
        if someone is None:
            raise CommandError(f"No person with id {options['person_id']}.")
        data = export_person(actor=SYSTEM, someone=someone)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
