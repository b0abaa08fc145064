"""What the system already knows about an item of a unit's assessment, from its own records.

An item whose criteria name a source (`CriterionItem.prefill`) is answered from the unit's
records of the round's fiscal year: its declaration and signed share, its target virtues,
its plan and the plan's activity reports, its school's survey results, and for the province
the share of its organisations at each level. Each fact says what was found, links to the
record, and may suggest a score; the unit keeps the last word. A record found counts as the
item's evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from moralprovince.assessments.models import (
    Assessment,
    AssessmentStatus,
    Prefill,
    UnitType,
)
from moralprovince.core.workflow import ReviewStatus
from moralprovince.lib.thaidate import format_date
from moralprovince.monitoring.models import ActivityReport
from moralprovince.plans.models import ActivityStatus, Declaration, Plan, TargetVirtue
from moralprovince.surveys.models import RoundSchool


@dataclass(frozen=True)
class Fact:
    text: str
    url: str = ""
    # What to put in the item's field when the unit has not written anything yet.
    suggestion: str = ""


def _unit_q(assessment: Assessment) -> Q | None:
    """Rows of the unit: the organisation's own, or the province's own (no network)."""
    if assessment.unit_type == UnitType.ORGANISATION:
        return Q(organisation_id=assessment.organisation_id)
    if assessment.unit_type == UnitType.PROVINCE:
        return Q(
            province_id=assessment.province_id, network__isnull=True, organisation__isnull=True
        )
    return None


def facts(assessment: Assessment) -> dict[int, Fact]:
    """The facts for the assessment's items that name a source, by item number."""
    unit = _unit_q(assessment)
    if unit is None:
        return {}
    fy = assessment.round.fiscal_year
    found: dict[int, Fact] = {}
    for number, source in assessment.version.items.exclude(prefill="").values_list(
        "number", "prefill"
    ):
        fact = FINDERS[source](assessment, unit, fy)
        if fact is not None:
            found[number] = fact
    return found


def _declaration(assessment: Assessment, unit: Q, fy: int) -> Fact | None:
    row = Declaration.objects.filter(unit, fiscal_year=fy).order_by("-pk").first()
    if row is None:
        return None
    share = row.signed_share
    text = _("Declaration of %(date)s") % {
        "date": format_date(row.declared_on, get_language() or "th")
    }
    if share is not None:
        text += " · " + _("%(share)s %% of executives and members signed") % {"share": share}
    return Fact(
        text=text,
        url=reverse("plans:declaration", args=[row.pk]),
        suggestion=str(share) if share is not None else "",
    )


def _targets(assessment: Assessment, unit: Q, fy: int) -> Fact | None:
    rows = list(TargetVirtue.objects.filter(unit, fiscal_year=fy))
    if not rows:
        return None
    text = _("%(count)s target virtues: %(names)s") % {
        "count": len(rows),
        "names": "; ".join(str(r) for r in rows[:3]),
    }
    return Fact(
        text=text, url=reverse("plans:year", args=[assessment.province_id, fy]), suggestion=""
    )


def _plan(assessment: Assessment, unit: Q, fy: int) -> Fact | None:
    plan = Plan.objects.filter(unit, fiscal_year=fy).order_by("-pk").first()
    if plan is None:
        return None
    approved = plan.status == ReviewStatus.APPROVED
    return Fact(
        text=_("Plan: %(plan)s (%(status)s)") % {"plan": plan, "status": plan.get_status_display()},
        url=reverse("plans:plan", args=[plan.pk]),
        suggestion="2" if approved else "1",
    )


def _results(assessment: Assessment, unit: Q, fy: int) -> Fact | None:
    plan = Plan.objects.filter(unit, fiscal_year=fy).order_by("-pk").first()
    if plan is None:
        return None
    activities = list(plan.activities.values_list("status", flat=True))
    done = sum(1 for s in activities if s == ActivityStatus.DONE)
    reports = ActivityReport.objects.filter(activity__plan=plan).count()
    text = _("%(done)s of %(all)s key activities done; %(reports)s activity reports") % {
        "done": done,
        "all": len(activities),
        "reports": reports,
    }
    suggestion = "2" if activities and done == len(activities) else "1" if reports else "0"
    return Fact(
        text=text, url=reverse("monitoring:plan-iptt", args=[plan.pk]), suggestion=suggestion
    )


def _survey(assessment: Assessment, unit: Q, fy: int) -> Fact | None:
    if assessment.organisation_id is None:
        return None
    member = (
        RoundSchool.objects.filter(
            organisation_id=assessment.organisation_id, round__fiscal_year=fy
        )
        .select_related("round")
        .first()
    )
    if member is None:
        return None
    return Fact(
        text=_("Youth survey: %(round)s") % {"round": member.round},
        url=reverse("surveys:school-results", args=[member.round_id, member.organisation_id]),
    )


def level_share(assessment: Assessment) -> Decimal | None:
    """The share of the round's organisations verified or approved at level 1 or above."""
    orgs = Assessment.objects.filter(round_id=assessment.round_id, unit_type=UnitType.ORGANISATION)
    total = orgs.count()
    if not total:
        return None
    done = orgs.filter(
        status__in=[AssessmentStatus.VERIFIED, AssessmentStatus.APPROVED], level__gte=1
    ).count()
    return (Decimal(done) * 100 / total).quantize(Decimal("0.01"))


def _level_shares(assessment: Assessment, unit: Q, fy: int) -> Fact | None:
    share = level_share(assessment)
    if share is None:
        return None
    return Fact(
        text=_("%(share)s %% of the province's organisations are at a level in this round")
        % {"share": share},
        url=reverse("assessments:board", args=[assessment.round_id]),
        suggestion=str(share),
    )


FINDERS: dict[str, Any] = {
    Prefill.DECLARATION: _declaration,
    Prefill.TARGET_VIRTUES: _targets,
    Prefill.PLAN: _plan,
    Prefill.PLAN_RESULTS: _results,
    Prefill.SURVEY: _survey,
    Prefill.LEVEL_SHARES: _level_shares,
}
