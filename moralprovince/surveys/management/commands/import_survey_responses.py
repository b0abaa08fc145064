"""Import a file of survey responses into a round, with a progress bar.

manage.py import_survey_responses --round 12 responses.csv [--only-valid] [--school ID]
    [--after-close]

Columns that identify a child (names, ids, phones…) are left out and named; the copy kept
while importing is deleted once the file is imported or refused.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from moralprovince.accounts.access import SYSTEM
from moralprovince.surveys import services
from moralprovince.surveys.columns import dropped_text, mapping_problems
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.ingest import ImportRefused
from moralprovince.surveys.models import SurveyRound
from moralprovince.surveys.problems import describe
from moralprovince.surveys.spec import spec_for


class Command(BaseCommand):
    help = "Import survey responses (CSV or .xlsx) into a round; nothing is stored if any row is wrong, unless --only-valid."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--round", type=int, required=True, dest="round_id")
        parser.add_argument("file")
        parser.add_argument(
            "--only-valid", action="store_true", help="store the valid rows, skip the rest"
        )
        parser.add_argument(
            "--school", type=int, help="the school of every row, if the file has no school column"
        )
        parser.add_argument(
            "--after-close",
            action="store_true",
            help="the round has closed: import these answers, given while it was open, as a correction",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        survey_round = SurveyRound.objects.filter(pk=options["round_id"]).first()
        if survey_round is None:
            raise CommandError(_("There is no survey round %(id)s.") % {"id": options["round_id"]})
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        school = (
            survey_round.schools.filter(pk=options["school"]).first() if options["school"] else None
        )
        start = time.perf_counter()
        try:
            with path.open("rb") as upload:
                record = services.create_import(
                    actor=SYSTEM,
                    survey_round=survey_round,
                    upload=upload,
                    name=path.name,
                    school=school,
                )
            if record.dropped_columns:
                self.stderr.write(dropped_text(record.dropped_columns))
            problems = mapping_problems(
                record.mapping, spec_for(survey_round.version), school is not None
            )
            if problems:
                raise CommandError(" ".join(problems))
            outcome = services.import_responses(
                actor=SYSTEM,
                record=record,
                only_valid=options["only_valid"],
                after_close=options["after_close"],
                progress=self._bar(path),
            )
        except FileRefused as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except ImportRefused as refused:
            outcome = refused.args[0]
            self._problems(outcome)
            raise CommandError(
                _(
                    "Nothing was imported: %(count)s rows have problems. Fix them, or use --only-valid."
                )
                % {"count": f"{outcome.rows - outcome.valid_rows:,}"}
            ) from None
        self._bar(path)(outcome.rows, outcome.rows)
        self.stderr.write("")
        self._problems(outcome)
        seconds = time.perf_counter() - start
        self.stdout.write(
            _(
                "%(rows)s rows read, %(added)s responses added, %(present)s already present, %(skipped)s skipped (%(seconds).1f s)."
            )
            % {
                "rows": f"{outcome.rows:,}",
                "added": f"{outcome.added:,}",
                "present": f"{outcome.already_present:,}",
                "skipped": f"{outcome.rows - outcome.valid_rows:,}",
                "seconds": seconds,
            }
        )

    def _bar(self, path: Path) -> Any:
        # Rows are estimated from the size and the first 64 KB (exact for CSV, rough for xlsx).
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
        estimate = max(1, size * max(1, head.count(b"\n")) // max(1, len(head)))

        def progress(rows: int, total: int) -> None:
            share = 1.0 if total else min(0.99, rows / estimate)
            filled = int(share * 30)
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} {rows:>10,}", ending=""
            )
            self.stderr.flush()

        return progress

    def _problems(self, outcome: Any) -> None:
        for problem in outcome.problems[:50]:
            self.stderr.write(describe(problem))
        if len(outcome.problems) > 50:
            self.stderr.write(
                _("… and more; %(count)s problems in all.")
                % {"count": f"{sum(outcome.counts.values()):,}"}
            )
