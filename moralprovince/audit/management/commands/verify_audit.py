from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from moralprovince.audit.chain import NATIONAL, Problem
from moralprovince.audit.queries import check_chains
from moralprovince.geo.models import Province

PROVINCE = gettext_noop("Province %(code)s")
NATIONAL_CHAIN = gettext_noop("National chain")
NO_PROVINCE = gettext_noop("There is no province with code %(code)s.")
CLEAN = gettext_noop(
    "Chains checked: %(chains)d, entries: %(entries)d. No entry is missing or changed."
)
FOUND = gettext_noop(
    "Problems found in the audit log: %(problems)d (chains checked: %(chains)d, entries: "
    "%(entries)d)."
)


def both(message: str, **params: Any) -> str:
    """The message in Thai, then in English on the next line."""
    return "\n".join(_in(language, message, params) for language in ("th", "en"))


def _in(language: str, message: str, params: dict[str, Any]) -> str:
    with translation.override(language):
        if "chain" in params:
            key = params["chain"]
            label = gettext(NATIONAL_CHAIN) if key == NATIONAL else gettext(PROVINCE)
            params = {**params, "chain": label % {"code": key}}
        return gettext(message) % params


class Command(BaseCommand):
    help = (
        "Walk each province's chain of audit entries and report every entry that was removed "
        "or changed; exit with an error when there is one."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--province",
            metavar="CODE",
            help=f"Check only this province's chain ({NATIONAL!r} for the national chain).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        code = options["province"]
        if code not in (None, NATIONAL) and not Province.objects.filter(pk=code).exists():
            raise CommandError(both(NO_PROVINCE, code=code))
        chains = entries = problems = 0
        for check in check_chains(code):
            chains += 1
            entries += check.entries
            problems += len(check.problems)
            self._show(check.problems)
        counts = {"chains": chains, "entries": entries}
        if problems:
            raise CommandError(both(FOUND, problems=problems, **counts))
        self.stdout.write(both(CLEAN, **counts))

    def _show(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.stdout.write(both(problem.message, **problem.params))
