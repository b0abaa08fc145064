"""Background jobs of the survey: checking and importing a file of responses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moralprovince.jobs.services import Progress, job_actor, register
from moralprovince.surveys import services
from moralprovince.surveys.ingest import ImportRefused
from moralprovince.surveys.models import ResponseImport


def _reporter(progress: Progress, record: ResponseImport, share: int) -> Any:
    def report(rows: int, _total: int) -> None:
        progress(min(share, 5 + rows * share // max(record.rows or rows, 1)), f"{rows:,}")

    return report


def _record(job: Any) -> ResponseImport:
    return ResponseImport.objects.select_related("round").get(pk=job.params["import_id"])


@register("surveys.check")
def check_job(job: Any, progress: Progress) -> list[tuple[str, str, bytes]]:
    record = _record(job)
    services.check_import(
        actor=job_actor(job), record=record, progress=_reporter(progress, record, 95)
    )
    return []


@register("surveys.import")
def import_job(job: Any, progress: Progress) -> list[tuple[str, str, bytes]]:
    record = _record(job)
    try:
        services.import_responses(
            actor=job_actor(job),
            record=record,
            only_valid=bool(job.params.get("only_valid")),
            after_close=bool(job.params.get("after_close")),
            progress=_reporter(progress, record, 90),
        )
    except ValidationError as error:
        raise RuntimeError(" ".join(error.messages)) from None
    except ImportRefused:
        raise RuntimeError(
            _(
                "Nothing was imported: the file has rows with problems (listed on its page). Upload it again to import only its valid rows."
            )
        ) from None
    return []
