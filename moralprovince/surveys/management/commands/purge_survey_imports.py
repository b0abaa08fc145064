"""Delete the kept copies of response files uploaded and never imported (schedule it daily).

manage.py purge_survey_imports

A copy is kept from its upload to its import, for SURVEY_IMPORT_KEEP_HOURS (24) at most; each
upload also clears the older ones. Each removal is in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from moralprovince.accounts.access import SYSTEM
from moralprovince.surveys.services import purge_stale_imports


class Command(BaseCommand):
    help = "Delete the kept copies of survey response files never imported within SURVEY_IMPORT_KEEP_HOURS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_stale_imports(actor=SYSTEM)
        self.stdout.write(_("%(count)s kept files deleted.") % {"count": f"{count:,}"})
