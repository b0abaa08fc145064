"""Delete the kept copies of response files no import needs any more (schedule it daily).

manage.py purge_survey_imports

A copy is kept from its upload to its import, for SURVEY_IMPORT_KEEP_HOURS (24) at most; the
copies of imports that are over (imported, refused, failed) go at once. Each upload also
clears them. Each removal is in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from moralprovince.accounts.access import SYSTEM
from moralprovince.surveys.services import purge_stale_imports


class Command(BaseCommand):
    help = "Delete the kept copies of survey response files: of imports that are over, and of uploads never imported within SURVEY_IMPORT_KEEP_HOURS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_stale_imports(actor=SYSTEM)
        self.stdout.write(_("%(count)s kept files deleted.") % {"count": f"{count:,}"})
