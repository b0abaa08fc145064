"""Certificates of approved assessments: what each prints and who issues it, registered with
the certificates app; a reopened result loses its certificate."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from moralprovince.accounts.access import Actor
from moralprovince.assessments import access
from moralprovince.assessments.models import Assessment, AssessmentStatus, UnitType
from moralprovince.certificates.models import Certificate
from moralprovince.certificates.services import revoke_certificate
from moralprovince.certificates.sources import Facts, Source, register

KIND = "assessment"
# Printed in Thai, as an official certificate is.
UNIT_LINE = {
    UnitType.ORGANISATION: "ได้ผ่านการประเมินเป็นองค์กรคุณธรรม",
    UnitType.COMMUNITY: "ได้ผ่านการประเมินเป็นชุมชนคุณธรรม",
    UnitType.DISTRICT: "ได้ผ่านการประเมินเป็นอำเภอคุณธรรม",
    UnitType.PROVINCE: "ได้ผ่านการประเมินเป็นจังหวัดคุณธรรม",
}
LEVEL_LABEL = {
    1: "ระดับที่ ๑ ส่งเสริมคุณธรรม",
    2: "ระดับที่ ๒ คุณธรรม",
    3: "ระดับที่ ๓ คุณธรรมต้นแบบ",
}
OUTSTANDING_LABEL = "ระดับที่ ๓ คุณธรรมต้นแบบ (ต้นแบบโดดเด่น)"


def certifiable(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Approved results that reached a level: the ones a certificate is made for."""
    return assessments.filter(status=AssessmentStatus.APPROVED, level__gte=1)


def holder(assessment: Assessment) -> str:
    """The unit's name in Thai, as printed."""
    if assessment.organisation_id:
        return assessment.organisation.name_th  # type: ignore[union-attr]
    if assessment.community_id:
        return assessment.community.name_th  # type: ignore[union-attr]
    if assessment.unit_type == UnitType.DISTRICT:
        return f"อำเภอ{assessment.district.name_th}"  # type: ignore[union-attr]
    return f"จังหวัด{assessment.province.name_th}"


def facts(ids: list[int]) -> dict[int, Facts]:
    rows = certifiable(Assessment.objects.filter(pk__in=ids)).select_related(
        "round", "organisation", "community", "district", "province"
    )
    return {
        a.pk: Facts(
            province_id=a.province_id,
            holder=holder(a),
            lines=(UNIT_LINE[UnitType(a.unit_type)], f"ประจำปีงบประมาณ พ.ศ. {a.round.fiscal_year}"),
            fiscal_year=a.round.fiscal_year,
            level=OUTSTANDING_LABEL if a.outstanding else LEVEL_LABEL[a.level],
        )
        for a in rows
    }


def may_issue(actor: Any, province_id: str, object_id: int) -> bool:
    """Those who approve a result issue its certificate."""
    assessment = Assessment.objects.filter(pk=object_id, province_id=province_id).first()
    return assessment is not None and access.can(actor, "assessments.assessment.decide", assessment)


def register_source() -> None:
    register(Source(KIND, "Assessment", facts, may_issue))


def certificate_of(assessment: Assessment) -> Certificate | None:
    return Certificate.objects.standing().filter(kind=KIND, object_id=assessment.pk).first()


def revoke_on_reopen(actor: Actor, assessment: Assessment, reason: str) -> None:
    """A reopened result is no longer approved: its certificate stops standing, and the
    verification page says so."""
    certificate = certificate_of(assessment)
    if certificate is not None:
        revoke_certificate(
            actor=actor, certificate=certificate, reason=f"ผลการประเมินถูกเปิดแก้ไข: {reason}"
        )
