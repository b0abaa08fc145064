"""The assessment rows the walk over every URL reaches (`portal.tests.test_every_url`).

All belong to network 8 of the first province, which no role below its admins writes for:
the walk's coordinator coordinates network 3, its reporter reports for a school of network 3,
and its evaluator is assigned nothing in network 8. Made once per test, idempotently, on top
of whatever the demo loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from moralprovince.assessments.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentStatus,
    CriteriaVersion,
    EvaluatorAssignment,
    EvidenceKind,
    Round,
    RoundCriteria,
    UnitType,
)
from moralprovince.assessments.services import add_missing_units, ensure_scores
from moralprovince.organisations.models import Membership, Network

WALK_YEAR = 2599


@dataclass(frozen=True)
class Rows:
    round: Round
    version: CriteriaVersion
    # The network-8 organisation of the walk: open for its self-assessment.
    own: Assessment
    submitted: Assessment
    approved: Assessment
    evidence: AssessmentEvidence
    assignment: EvaluatorAssignment


def rows(w: Any) -> Rows:
    version = CriteriaVersion.objects.filter(unit_type=UnitType.ORGANISATION).order_by("pk")[0]
    rnd, created = Round.objects.get_or_create(
        province_id=w.net8.province_id,
        fiscal_year=WALK_YEAR,
        defaults={
            "name": "รอบทดสอบ",
            "self_deadline": dt.date(2100, 1, 1),
            "verify_deadline": dt.date(2100, 2, 1),
        },
    )
    if created:
        RoundCriteria.objects.create(round=rnd, unit_type=UnitType.ORGANISATION, version=version)
        add_missing_units(rnd)
    members = Membership.objects.filter(network=w.net8).exclude(organisation=w.organisation)
    others = list(
        Assessment.objects.filter(
            round=rnd, organisation_id__in=members.values("organisation_id")
        ).order_by("pk")[:2]
    )
    submitted, approved = others
    if submitted.status != AssessmentStatus.SUBMITTED:
        Assessment.objects.filter(pk=submitted.pk).update(status=AssessmentStatus.SUBMITTED)
        Assessment.objects.filter(pk=approved.pk).update(status=AssessmentStatus.APPROVED, level=1)
    own = Assessment.objects.get(round=rnd, organisation=w.organisation)
    score = ensure_scores(own)[0]
    evidence = AssessmentEvidence.objects.get_or_create(
        score=score, kind=EvidenceKind.LINK, link="https://example.org/walk"
    )[0]
    assignment = _assignment(rnd, w)
    return Rows(
        round=rnd,
        version=version,
        own=own,
        submitted=Assessment.objects.get(pk=submitted.pk),
        approved=Assessment.objects.get(pk=approved.pk),
        evidence=evidence,
        assignment=assignment,
    )


def _assignment(rnd: Round, w: Any) -> EvaluatorAssignment:
    """The walk's evaluator verifies network 3, whose members are not in network 8."""
    network = Network.objects.get(province_id=rnd.province_id, number=3)
    return EvaluatorAssignment.objects.get_or_create(
        round=rnd, evaluator=w.people["evaluator"], network=network
    )[0]
