"""Certificates of those who completed a training batch: what each prints and who issues it,
registered with the certificates app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from moralprovince.certificates.models import Certificate
from moralprovince.certificates.sources import Facts, Source, register
from moralprovince.lib.fiscal import fiscal_year_of
from moralprovince.lib.thaidate import format_date
from moralprovince.people import access
from moralprovince.people.models import Batch, Enrolment
from moralprovince.people.queries import completed_q, with_hours

KIND = "training"


def certifiable(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments whose person completed the batch and whose data was not erased."""
    return with_hours(enrolments).filter(completed_q(), person__erased_at__isnull=True)


def facts(ids: list[int]) -> dict[int, Facts]:
    rows = certifiable(Enrolment.objects.filter(pk__in=ids)).select_related(
        "person", "batch__course"
    )
    return {e.pk: _facts(e) for e in rows}


def _facts(enrolment: Enrolment) -> Facts:
    batch = enrolment.batch
    days = format_date(batch.starts_on)
    if batch.ends_on != batch.starts_on:
        days = f"{days} – {format_date(batch.ends_on)}"
    return Facts(
        province_id=batch.province_id,
        holder=enrolment.person.name_th,
        lines=("ได้ผ่านการอบรมหลักสูตร", batch.course.title, f"{batch.name} · {days}"),
        fiscal_year=fiscal_year_of(batch.ends_on),
    )


def may_issue(actor: Any, province_id: str, object_id: int) -> bool:
    """Those who run the province's training issue its certificates."""
    enrolment = Enrolment.objects.filter(pk=object_id, batch__province_id=province_id).first()
    return enrolment is not None and access.can(actor, "people.training.write", province_id)


def register_source() -> None:
    register(Source(KIND, "Training", facts, may_issue))


def completer_ids(batch: Batch) -> list[int]:
    return list(certifiable(Enrolment.objects.filter(batch=batch)).values_list("pk", flat=True))


def certificates_of(batch: Batch) -> dict[int, Certificate]:
    """The standing certificates of the batch's enrolments, by enrolment id."""
    ids = Enrolment.objects.filter(batch=batch).values_list("pk", flat=True)
    rows = Certificate.objects.standing().filter(kind=KIND, object_id__in=ids)
    return {c.object_id: c for c in rows}
