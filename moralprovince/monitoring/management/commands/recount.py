from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from moralprovince.accounts.scope import SYSTEM
from moralprovince.geo.models import Province
from moralprovince.monitoring import recount, services

NO_PROVINCE = gettext_noop("There is no province with code %(code)s.")
CLEAN = gettext_noop("The kept totals equal a recount from the records.")
FOUND = gettext_noop(
    "Kept totals that differ from a recount from the records: %(count)d. Run again with "
    "--fix to write the recount over them."
)
FIXED = gettext_noop("Written over with the recount: %(count)d.")
LEFT = gettext_noop("Still different after writing the recount: %(count)d.")


def both(message: str, **params: Any) -> str:
    """The message in Thai, then in English on the next line."""
    lines = []
    for language in ("th", "en"):
        with translation.override(language):
            lines.append(gettext(message) % params)
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Count the monitoring totals again from the records (activity reports by month, "
        "indicators by year, the province and network each report and value carries), name "
        "each one that differs and exit with an error; with --fix, write the recount over them."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--fix", action="store_true", help="Write the recount over them.")
        parser.add_argument("--province", metavar="CODE", help="Only this province.")

    def handle(self, *args: object, **options: Any) -> None:
        code = options["province"]
        if code is not None and not Province.objects.filter(pk=code).exists():
            raise CommandError(both(NO_PROVINCE, code=code))
        found = recount.differences(code)
        for difference in found:
            self.stdout.write(both(difference.message, **difference.params))
        if not found:
            self.stdout.write(both(CLEAN))
            return
        if not options["fix"]:
            raise CommandError(both(FOUND, count=len(found)))
        fixed = services.fix_totals(actor=SYSTEM, province_id=code)
        self.stdout.write(both(FIXED, count=len(fixed)))
        left = recount.differences(code)
        if left:
            raise CommandError(both(LEFT, count=len(left)))
        self.stdout.write(both(CLEAN))
