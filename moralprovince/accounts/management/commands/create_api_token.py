from django.core.management.base import BaseCommand, CommandError

from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.models import User
from moralprovince.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a person and print it once (only its hash is stored)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token.")

    def handle(self, *args: object, **options: str) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}.") from None
        _token, raw = create_api_token(actor=SYSTEM, user=user, name=options["name"])
        self.stdout.write(raw)
