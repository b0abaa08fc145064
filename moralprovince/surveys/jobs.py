"""Background jobs of the survey: checking and importing a file of responses."""

from __future__ import annotations

from typing import Any

from moralprovince.jobs.services import Progress, register
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.ingest import ImportRefused, finish, run
from moralprovince.surveys.models import ResponseImport


def _reporter(progress: Progress, record: ResponseImport, share: int) -> Any:
    def report(rows: int, _total: int) -> None:
        progress(min(share, 5 + rows * share // max(record.rows or rows, 1)), f"{rows:,}")

    return report


@register("surveys.check")
def check_job(job: Any, progress: Progress) -> list[tuple[str, str, bytes]]:
    record = ResponseImport.objects.select_related("round").get(pk=job.params["import_id"])
    try:
        outcome = run(record, store_rows=False, progress=_reporter(progress, record, 95))
    except FileRefused as error:
        record.status, record.problems, record.problem_counts = ResponseImport.Status.FAILED, [], {}
        record.notices = [str(error)]
        record.save()
        return []
    finish(record, outcome, actor=job.created_by, imported=False)
    return []


@register("surveys.import")
def import_job(job: Any, progress: Progress) -> list[tuple[str, str, bytes]]:
    record = ResponseImport.objects.select_related("round").get(pk=job.params["import_id"])
    only_valid = bool(job.params.get("only_valid"))
    try:
        outcome = run(
            record, store_rows=True, only_valid=only_valid, progress=_reporter(progress, record, 90)
        )
    except ImportRefused as refused:
        finish(record, refused.args[0], actor=job.created_by, imported=False)
        raise RuntimeError("nothing was imported: the file has problems") from None
    finish(record, outcome, actor=job.created_by, imported=True)
    return []
