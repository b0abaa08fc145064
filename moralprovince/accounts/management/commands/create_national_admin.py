from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.models import RoleKind, User
from moralprovince.accounts.services import create_person, grant_role


class Command(BaseCommand):
    help = (
        "Give a person the national admin role (the Moral Center), creating the account if "
        "needed: the first step of a new installation. The role also opens the back office."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--display-name", default="", help="The name shown on the site.")
        parser.add_argument("--email", default="")

    def handle(self, *args: object, **options: str) -> None:
        username = options["username"]
        try:
            with transaction.atomic():
                user = User.objects.filter(username__iexact=username).first()
                if user is None:
                    user = create_person(
                        actor=SYSTEM,
                        username=username,
                        display_name=options["display_name"] or username,
                        email=options["email"],
                        password=self._password(),
                    )
                grant_role(actor=SYSTEM, user=user, kind=RoleKind.NATIONAL_ADMIN)
                User.objects.filter(pk=user.pk).update(is_staff=True)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"{user.username}: ผู้ดูแลระดับประเทศ · national admin")

    def _password(self) -> str:
        password = getpass("Password: ")
        if not password or password != getpass("Password (again): "):
            raise CommandError("รหัสผ่านว่างหรือไม่ตรงกัน · The passwords are empty or differ.")
        return password
