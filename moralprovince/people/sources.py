"""Training figures as computed sources of monitoring indicators.

Each counts the enrolments of the indicator's unit in batches that ended in the period: the
province's, or those of people of a network's member organisations or of one organisation.
An erased person's enrolment still counts, with its sex, hours and scores: erasing a name
does not change a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Avg, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from moralprovince.lib.fiscal import period_bounds
from moralprovince.monitoring.sources import Source, register
from moralprovince.people.models import Enrolment, Sex
from moralprovince.people.queries import completed_q, with_hours

COLUMNS = (
    (_("Person"), "person"),
    (_("Batch"), "batch"),
    (_("Hours attended"), "attended_hours"),
    (_("Post-test score"), "post_score"),
)


def _unit_q(indicator: Any) -> Q:
    q = Q(batch__province_id=indicator.province_id)
    if indicator.organisation_id:
        return q & Q(person__organisation_id=indicator.organisation_id)
    if indicator.network_id:
        members = indicator.network.memberships.values("organisation_id")
        return q & Q(person__organisation_id__in=members)
    return q


def _enrolments(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    first, last = period_bounds(fiscal_year, period)
    rows = Enrolment.objects.filter(_unit_q(indicator), batch__ends_on__range=(first, last))
    return with_hours(rows).select_related("person", "batch__course").order_by("pk")


def _trained(indicator: Any, fiscal_year: int, period: str) -> QuerySet[Any]:
    """People trained: those who completed their batch."""
    return _enrolments(indicator, fiscal_year, period).filter(completed_q())


def _of_sex(sex: str) -> Callable[[Any, int, str], QuerySet[Any]]:
    return lambda indicator, fy, period: _trained(indicator, fy, period).filter(person__sex=sex)


def _count(qs: QuerySet[Any]) -> Decimal:
    return Decimal(qs.values("person_id").distinct().count())


def _completion_rate(qs: QuerySet[Any]) -> Decimal:
    total = qs.count()
    if not total:
        return Decimal(0)
    done = qs.filter(completed_q()).count()
    return (Decimal(100) * done / total).quantize(Decimal("0.01"))


def _average_gain(qs: QuerySet[Any]) -> Decimal:
    tested = qs.filter(pre_score__isnull=False, post_score__isnull=False)
    gain = tested.aggregate(g=Avg(F("post_score") - F("pre_score")))["g"]
    return Decimal(str(gain or 0)).quantize(Decimal("0.01"))


def register_sources() -> None:
    register(Source("people_trained", _("People trained"), _trained, _count, COLUMNS))
    register(
        Source("people_trained_female", _("Women trained"), _of_sex(Sex.FEMALE), _count, COLUMNS)
    )
    register(Source("people_trained_male", _("Men trained"), _of_sex(Sex.MALE), _count, COLUMNS))
    register(
        Source(
            "training_completion_rate",
            _("Training completion rate (%)"),
            _enrolments,
            _completion_rate,
            COLUMNS,
        )
    )
    register(
        Source(
            "training_average_gain",
            _("Average gain from pre- to post-test"),
            _enrolments,
            _average_gain,
            COLUMNS,
        )
    )
