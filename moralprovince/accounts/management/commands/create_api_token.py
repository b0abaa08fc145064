from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.models import User
from moralprovince.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a person and print it once (only its hash is stored)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token.")
        parser.add_argument(
            "--days", type=int, default=None, help="How many days the token works (default 90)."
        )

    def handle(self, *args: object, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}.") from None
        try:
            _token, raw = create_api_token(
                actor=SYSTEM, user=user, name=options["name"], days=options["days"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(raw)
