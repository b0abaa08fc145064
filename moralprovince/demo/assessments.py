"""Assessment rounds of the demo (sample data), by the reference criteria.

Surat Thani: an FY2563 round whose organisations were all assessed, verified and approved,
spread over the three levels; and an FY2564 round in progress, its deadlines set from the day
the demo is loaded, with organisations at every stage (not started, draft, submitted,
returned, verified, approved at each level, some outstanding models) and the province's own
assessment waiting for national staff. The demo evaluator verifies the education and
religion networks. Chiang Rai runs a small round of its own that nobody in Surat Thani sees.

Every score goes through the same services as a person's would, so each level follows from
the version's rule and its reason is shown.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.models import User
from moralprovince.assessments import prefill, services
from moralprovince.assessments.models import (
    Assessment,
    AssessmentStatus,
    CriteriaVersion,
    EvaluatorAssignment,
    Round,
    UnitType,
)
from moralprovince.geo.models import Province
from moralprovince.organisations.models import Network
from moralprovince.people.models import Partner

# Scores of items 1–9 that reach each level by the reference rule (share items 1 and 2 as
# percents): see `assessments.tests.test_levels` for the same cases worked by hand.
PATTERNS = {
    3: ["100", "90", "2", "2", "2", "2", "2", "2", "2"],
    2: ["60", "70", "1", "1", "2", "2", "2", "2", "2"],
    1: ["90", "85", "2", "2", "1", "0", "0", "0", "0"],
    0: ["40", "30", "1", "0", "0", "0", "0", "0", "0"],
}
# The levels given to the organisations in turn, and the stages of the FY2564 round.
LEVELS_2563 = [1, 2, 3, 2, 1, 2, 3, 1, 0, 2]
STAGES_2564 = [
    (AssessmentStatus.APPROVED, 3),
    (AssessmentStatus.APPROVED, 2),
    (AssessmentStatus.APPROVED, 1),
    (AssessmentStatus.VERIFIED, 2),
    (AssessmentStatus.SUBMITTED, 3),
    (AssessmentStatus.RETURNED, 1),
    (AssessmentStatus.DRAFT, 2),
    (AssessmentStatus.NOT_STARTED, 0),
    (AssessmentStatus.APPROVED, 3),
    (AssessmentStatus.APPROVED, 2),
]
PROVINCE_SCORES = ["1", "1", "1", "2", "2", "60", "1", "1", "1", "1"]
SAMPLE = " · ข้อมูลตัวอย่าง"
EVIDENCE = "https://www.moralcenter.or.th/"


def load_assessments(surat: Province, networks: list[Network]) -> None:
    organisation = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION, number=1)
    province = CriteriaVersion.objects.get(unit_type=UnitType.PROVINCE, number=1)
    if not Round.objects.filter(province=surat, fiscal_year=2563).exists():
        _round_2563(surat, organisation)
    if not Round.objects.filter(province=surat, fiscal_year=2564).exists():
        _round_2564(surat, organisation, province, networks)
    chiang_rai = Province.objects.get(pk="57")
    if not Round.objects.filter(province=chiang_rai).exists():
        _round_chiang_rai(chiang_rai, organisation)


def _open(
    province: Province, fiscal_year: int, versions: dict[str, CriteriaVersion], **days: dt.date
) -> Round:
    return services.create_round(
        actor=SYSTEM,
        province_id=province.pk,
        data={
            "name": f"การประเมินองค์กรคุณธรรม ปีงบประมาณ {fiscal_year}{SAMPLE}",
            "fiscal_year": fiscal_year,
            **days,
        },
        versions=versions,
        is_sample=True,
    )


def _fill(assessment: Assessment, scores: list[str], today: dt.date, submit: bool) -> None:
    entries = {
        n: services.Entry(value=value, account="ดำเนินการตามแผน (ข้อมูลตัวอย่าง)")
        for n, value in enumerate(scores, start=1)
    }
    known = prefill.facts(assessment).keys()
    if submit:
        for item in assessment.version.items.filter(evidence_required=True):
            if item.number not in known:
                services.add_evidence(
                    actor=SYSTEM,
                    assessment=assessment,
                    item_number=item.number,
                    link=EVIDENCE,
                    caption=f"{item.evidence_th} (ตัวอย่าง)",
                    today=today,
                )
    services.save_self_assessment(
        actor=SYSTEM,
        assessment=assessment,
        entries=entries,
        submit=submit,
        today=today,
        has_records=known,
    )


def _take_to(assessment: Assessment, status: str, level: int, today: dt.date) -> None:
    """Move one assessment to `status` with the scores of `level`."""
    if status == AssessmentStatus.NOT_STARTED:
        return
    _fill(assessment, PATTERNS[level], today, submit=status != AssessmentStatus.DRAFT)
    if status == AssessmentStatus.RETURNED:
        services.verify_assessment(
            actor=SYSTEM,
            assessment=assessment,
            checks={4: services.Check(needs_evidence=True, comment="ขอรายงานผลรอบ 12 เดือน")},
            action="return",
        )
    elif status in (AssessmentStatus.VERIFIED, AssessmentStatus.APPROVED):
        services.verify_assessment(actor=SYSTEM, assessment=assessment, checks={}, action="verify")


def _organisations(rnd: Round) -> list[Assessment]:
    return list(
        Assessment.objects.filter(round=rnd, unit_type=UnitType.ORGANISATION)
        .select_related("round", "version")
        .order_by("organisation__name_th")
    )


def _round_2563(surat: Province, version: CriteriaVersion) -> None:
    rnd = _open(
        surat,
        2563,
        {UnitType.ORGANISATION: version},
        self_deadline=dt.date(2020, 6, 30),
        verify_deadline=dt.date(2020, 8, 31),
    )
    units = _organisations(rnd)
    for n, assessment in enumerate(units):
        level = LEVELS_2563[n % len(LEVELS_2563)]
        _take_to(assessment, AssessmentStatus.APPROVED, level, rnd.self_deadline)
    services.approve_assessments(actor=SYSTEM, rnd=rnd, ids=[a.pk for a in units])


def _round_2564(
    surat: Province,
    version: CriteriaVersion,
    province_version: CriteriaVersion,
    networks: list[Network],
) -> None:
    today = timezone.localdate()
    rnd = _open(
        surat,
        2564,
        {UnitType.ORGANISATION: version, UnitType.PROVINCE: province_version},
        self_deadline=today + dt.timedelta(days=30),
        verify_deadline=today + dt.timedelta(days=60),
    )
    evaluator = User.objects.filter(username="evaluator").first()
    # The demo evaluator verifies for the province's first evaluating university.
    university = Partner.objects.filter(province=surat, does_evaluation=True).order_by("pk").first()
    if evaluator is not None:
        for network in networks[2:4]:
            EvaluatorAssignment.objects.update_or_create(
                round=rnd, evaluator=evaluator, network=network, defaults={"partner": university}
            )
    approve: list[int] = []
    stars: list[int] = []
    for n, assessment in enumerate(_organisations(rnd)):
        status, level = STAGES_2564[n % len(STAGES_2564)]
        _take_to(assessment, status, level, today)
        if status == AssessmentStatus.APPROVED:
            approve.append(assessment.pk)
            if level == 3 and len(stars) < 2:
                stars.append(assessment.pk)
    services.approve_assessments(actor=SYSTEM, rnd=rnd, ids=approve, outstanding=stars)
    own = Assessment.objects.get(round=rnd, unit_type=UnitType.PROVINCE)
    _fill(own, PROVINCE_SCORES, today, submit=True)


def _round_chiang_rai(province: Province, version: CriteriaVersion) -> None:
    rnd = _open(
        province,
        2564,
        {UnitType.ORGANISATION: version},
        self_deadline=dt.date(2021, 6, 30),
        verify_deadline=dt.date(2021, 8, 31),
    )
    units = _organisations(rnd)
    for n, assessment in enumerate(units):
        _take_to(assessment, AssessmentStatus.APPROVED, 2 + n % 2, rnd.self_deadline)
    services.approve_assessments(actor=SYSTEM, rnd=rnd, ids=[a.pk for a in units])
