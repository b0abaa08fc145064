"""Writes for monitoring: indicators, targets, values and their review, period locks,
activity reports with evidence, visits; each keeps the read models and the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.accounts.scope import scope_for
from moralprovince.audit.services import log_action, snapshot
from moralprovince.core import workflow
from moralprovince.lib.fiscal import PERIODS, fiscal_month_index, fiscal_year_bounds, fiscal_year_of
from moralprovince.monitoring import access, sources
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    Evidence,
    Indicator,
    IndicatorValue,
    IndicatorYearTotal,
    MonitoringVisit,
    ParticipantCount,
    PeriodLock,
    Target,
    ValuePart,
    ValueStatus,
)
from moralprovince.monitoring.uploads import prepare_evidence
from moralprovince.plans.services import check_unit

INDICATOR_FIELDS = [
    "code",
    "name_th",
    "name_en",
    "unit",
    "direction",
    "frequency",
    "aggregation",
    "baseline",
    "baseline_year",
    "strategy",
    "means_of_verification",
    "source",
]


# --- indicators and targets ---------------------------------------------------------------


@transaction.atomic
def save_indicator(
    *,
    actor: Actor,
    indicator: Indicator,
    data: dict[str, Any],
    virtues: Iterable[Any] = (),
    dimensions: Iterable[Any] = (),
) -> Indicator:
    """Create or change an indicator of a province, network or organisation."""
    check_unit(indicator.province, indicator.network, indicator.organisation)
    created = indicator.pk is None
    fields = [*INDICATOR_FIELDS, "virtues", "dimensions"]
    before = {} if created else snapshot(indicator, fields)
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(
                indicator, name, data[name] if data[name] is not None or name != "source" else ""
            )
    if indicator.source and indicator.source not in sources.SOURCES:
        raise ValidationError({"source": _("Unknown source of values.")})
    indicator.full_clean()
    indicator.save()
    indicator.virtues.set(list(virtues))
    indicator.dimensions.set(list(dimensions))
    verb = "created" if created else "updated"
    after = snapshot(indicator, fields)
    log_action(
        actor=actor,
        action=f"monitoring.indicator.{verb}",
        obj=indicator,
        province_id=indicator.province_id,
        before=before,
        after=after,
    )
    return indicator


def check_figure(indicator: Indicator, value: Decimal, field: str = "value") -> None:
    """Refuse a negative figure, or a percent over 100."""
    if value < 0:
        raise ValidationError({field: _("A value cannot be negative.")})
    if indicator.unit == Indicator.Unit.PERCENT and value > 100:
        raise ValidationError({field: _("A percent cannot be over 100.")})


def _check_period(indicator: Indicator, period: str, allow_year: bool = False) -> None:
    allowed = PERIODS[indicator.frequency] + (["Y"] if allow_year else [])
    if period not in allowed:
        raise ValidationError(
            {
                "period": _(
                    "This indicator is reported by %(frequency)s; choose one of %(periods)s."
                )
                % {"frequency": indicator.get_frequency_display(), "periods": ", ".join(allowed)}
            }
        )


@transaction.atomic
def set_target(
    *, actor: Actor, indicator: Indicator, fiscal_year: int, period: str, value: Decimal
) -> Target:
    """Set the target of a period (or of the whole year, "Y")."""
    _check_period(indicator, period, allow_year=True)
    check_figure(indicator, value)
    target, _created = Target.objects.update_or_create(
        indicator=indicator, fiscal_year=fiscal_year, period=period, defaults={"value": value}
    )
    refresh_year_total(indicator, fiscal_year)
    log_action(
        actor=actor,
        action="monitoring.target.saved",
        obj=target,
        province_id=indicator.province_id,
        after={"period": period, "value": str(value)},
    )
    return target


# --- values and their review ----------------------------------------------------------------


def is_locked(province_id: str, fiscal_year: int, period: str) -> bool:
    """A period is closed when it, or the whole year, has been locked."""
    return PeriodLock.objects.filter(
        province_id=province_id, fiscal_year=fiscal_year, period__in=[period, "Y"]
    ).exists()


def _check_open(province_id: str, fiscal_year: int, period: str) -> None:
    if is_locked(province_id, fiscal_year, period):
        raise ValidationError(
            _("Period %(period)s of fiscal year %(fy)s is locked: values can no longer change.")
            % {"period": period, "fy": fiscal_year}
        )


def _check_parts(
    indicator: Indicator, value: Decimal, parts: list[tuple[Any, str, Decimal]]
) -> None:
    """Each dimension's categories must add up to the value of a count."""
    allowed = {d.pk for d in indicator.dimensions.all()}
    totals: dict[Any, Decimal] = {}
    for dimension, _category, amount in parts:
        if dimension.pk not in allowed:
            raise ValidationError(
                {"parts": _("This indicator is not broken down by %(d)s.") % {"d": dimension.name}}
            )
        check_figure(indicator, amount, "parts")
        totals[dimension] = totals.get(dimension, Decimal(0)) + amount
    if indicator.unit != Indicator.Unit.NUMBER:
        return
    for dimension, total in totals.items():
        if total != value:
            raise ValidationError(
                {
                    "parts": _("The parts by %(d)s add up to %(total)s, not %(value)s.")
                    % {"d": dimension.name, "total": total, "value": value}
                }
            )


@transaction.atomic
def save_value(
    *,
    actor: Actor,
    indicator: Indicator,
    fiscal_year: int,
    period: str,
    value: Decimal,
    comment: str = "",
    evidence: Any = None,
    parts: list[tuple[Any, str, Decimal]] | None = None,
    computed: bool = False,
) -> IndicatorValue:
    """Enter or correct the value of a period, as a draft, while the period is open."""
    _check_period(indicator, period)
    _check_open(indicator.province_id, fiscal_year, period)
    check_figure(indicator, value)
    _check_parts(indicator, value, parts or [])
    row = IndicatorValue.objects.filter(
        indicator=indicator, fiscal_year=fiscal_year, period=period
    ).first()
    if row is not None and not workflow.is_editable(row.status):
        raise ValidationError(
            _("This value is %(status)s and cannot be changed.")
            % {"status": row.get_status_display()}
        )
    before = {"value": str(row.value), "status": row.status} if row else {}
    row = row or IndicatorValue(
        indicator=indicator,
        province_id=indicator.province_id,
        fiscal_year=fiscal_year,
        period=period,
    )
    row.value, row.comment, row.computed, row.entered_by = value, comment, computed, person(actor)
    row.status = ValueStatus.DRAFT
    if evidence:
        row.evidence = prepare_evidence(evidence)
    row.save()
    row.parts.all().delete()
    ValuePart.objects.bulk_create(
        [ValuePart(value=row, dimension=d, category=c, amount=a) for d, c, a in parts or []]
    )
    log_action(
        actor=actor,
        action="monitoring.value.saved",
        obj=row,
        province_id=row.province_id,
        before=before,
        after={"value": str(value), "status": row.status},
    )
    return row


def compute_value(
    *, actor: Actor, indicator: Indicator, fiscal_year: int, period: str
) -> IndicatorValue:
    """Take the value of a computed indicator from the records, as a draft to review."""
    if not indicator.source:
        raise ValidationError(_("This indicator's values are typed in, not computed."))
    figure = sources.compute(indicator, fiscal_year, period)
    if indicator.unit == Indicator.Unit.PERCENT:
        figure = min(figure, Decimal(100))
    note = _("Computed from the records: %(source)s.") % {
        "source": sources.SOURCES[indicator.source].label
    }
    return save_value(
        actor=actor,
        indicator=indicator,
        fiscal_year=fiscal_year,
        period=period,
        value=figure,
        comment=str(note),
        computed=True,
    )


def _move(row: IndicatorValue, step: workflow.Step) -> None:
    _check_open(row.province_id, row.fiscal_year, row.period)
    workflow.move(row, step)


@transaction.atomic
def submit_value(*, actor: Actor, value: IndicatorValue) -> IndicatorValue:
    _move(value, workflow.Step.SUBMIT)
    value.save(update_fields=["status", "updated_at"])
    log_action(
        actor=actor, action="monitoring.value.submitted", obj=value, province_id=value.province_id
    )
    return value


@transaction.atomic
def approve_value(*, actor: Actor, value: IndicatorValue) -> IndicatorValue:
    """Approve a submitted value; from now on it counts on the dashboards."""
    access.require(actor, "monitoring.review", value.indicator)
    _move(value, workflow.Step.APPROVE)
    _stamp_review(value, actor, "")
    refresh_year_total(value.indicator, value.fiscal_year)
    log_action(
        actor=actor, action="monitoring.value.approved", obj=value, province_id=value.province_id
    )
    return value


@transaction.atomic
def return_value(*, actor: Actor, value: IndicatorValue, comment: str) -> IndicatorValue:
    """Send a submitted or approved value back, saying why; it stops counting."""
    access.require(actor, "monitoring.review", value.indicator)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    _move(value, workflow.Step.RETURN)
    _stamp_review(value, actor, comment.strip())
    refresh_year_total(value.indicator, value.fiscal_year)
    log_action(
        actor=actor,
        action="monitoring.value.returned",
        obj=value,
        province_id=value.province_id,
        after={"comment": comment.strip()},
    )
    return value


def _stamp_review(value: IndicatorValue, actor: Actor, comment: str) -> None:
    value.reviewed_by = person(actor)
    value.reviewed_at = timezone.now()
    value.review_comment = comment
    value.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )


def refresh_year_total(indicator: Indicator, fiscal_year: int) -> IndicatorYearTotal:
    """Recompute the indicator's approved actual and target for one year (a handful of rows)."""
    order = {p: i for i, p in enumerate(PERIODS[indicator.frequency])}
    approved = sorted(
        IndicatorValue.objects.filter(
            indicator=indicator, fiscal_year=fiscal_year, status=ValueStatus.APPROVED
        ).values_list("period", "value"),
        key=lambda pv: order.get(pv[0], 0),
    )
    targets = dict(
        Target.objects.filter(indicator=indicator, fiscal_year=fiscal_year).values_list(
            "period", "value"
        )
    )
    year_target = targets.get("Y")
    if year_target is None:
        year_target = indicator.combine(
            [targets[p] for p in PERIODS[indicator.frequency] if p in targets]
        )
    total, _created = IndicatorYearTotal.objects.update_or_create(
        indicator=indicator,
        fiscal_year=fiscal_year,
        defaults={
            "province_id": indicator.province_id,
            "network_id": indicator.network_id,
            "organisation_id": indicator.organisation_id,
            "actual": indicator.combine([v for _p, v in approved]),
            "target": year_target,
            "target_to_date": indicator.combine([targets[p] for p, _v in approved if p in targets]),
            "approved_periods": len(approved),
        },
    )
    return total


# --- period locks ---------------------------------------------------------------------------


@transaction.atomic
def lock_period(*, actor: Actor, province: Any, fiscal_year: int, period: str) -> PeriodLock:
    """Close a period of the province; only its admins may."""
    if not scope_for(actor).can_admin_province(province.pk):
        raise PermissionDenied
    lock, _created = PeriodLock.objects.get_or_create(
        province=province,
        fiscal_year=fiscal_year,
        period=period,
        defaults={"locked_by": person(actor)},
    )
    log_action(
        actor=actor,
        action="monitoring.period.locked",
        obj=lock,
        province_id=province.pk,
        after={"fiscal_year": fiscal_year, "period": period},
    )
    return lock


@transaction.atomic
def unlock_period(*, actor: Actor, lock: PeriodLock) -> None:
    if not scope_for(actor).can_admin_province(lock.province_id):
        raise PermissionDenied
    log_action(
        actor=actor,
        action="monitoring.period.unlocked",
        obj=lock,
        province_id=lock.province_id,
        before={"fiscal_year": lock.fiscal_year, "period": lock.period},
    )
    lock.delete()


# --- activity reports and visits --------------------------------------------------------------


def _check_report(report: ActivityReport, counts: list[tuple[Any, str, int]]) -> None:
    activity = report.activity
    errors: dict[str, Any] = {}
    first, last = fiscal_year_bounds(activity.plan.fiscal_year)
    if report.held_on and not first <= report.held_on <= last:
        errors["held_on"] = _("The date is outside fiscal year %(fy)s of the plan.") % {
            "fy": activity.plan.fiscal_year
        }
    if report.subdistrict_id and report.subdistrict.province_id != activity.province_id:
        errors["subdistrict"] = _("This belongs to another province.")
    totals: dict[Any, int] = {}
    for dimension, _category, count in counts:
        totals[dimension] = totals.get(dimension, 0) + count
    for dimension, total in totals.items():
        if total != report.participants:
            errors["counts"] = _(
                "The participants by %(d)s add up to %(total)s, not %(value)s."
            ) % {"d": dimension.name, "total": total, "value": report.participants}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_activity_report(
    *,
    actor: Actor,
    activity: Any,
    data: dict[str, Any],
    counts: list[tuple[Any, str, int]] | None = None,
    files: Iterable[Any] = (),
) -> ActivityReport:
    """Report what happened at a key activity, with evidence; the month totals follow."""
    report = ActivityReport(
        activity=activity,
        province_id=activity.province_id,
        network_id=activity.plan.network_id,
        created_by=person(actor),
        **data,
    )
    _check_report(report, counts or [])
    prepared = [prepare_evidence(f, images_only=False) for f in files]
    report.full_clean()
    report.save()
    ParticipantCount.objects.bulk_create(
        [
            ParticipantCount(report=report, dimension=d, category=c, count=n)
            for d, c, n in counts or []
        ]
    )
    for upload in prepared:
        kind = "image" if upload.content_type.startswith("image/") else "document"
        Evidence.objects.create(report=report, file=upload, kind=kind)
    _add_to_month(report, +1)
    log_action(
        actor=actor,
        action="monitoring.activity_report.created",
        obj=report,
        province_id=report.province_id,
        after={"held_on": report.held_on.isoformat(), "participants": report.participants},
    )
    return report


@transaction.atomic
def delete_activity_report(*, actor: Actor, report: ActivityReport) -> None:
    _add_to_month(report, -1)
    log_action(
        actor=actor,
        action="monitoring.activity_report.deleted",
        obj=report,
        province_id=report.province_id,
        before={"held_on": report.held_on.isoformat()},
    )
    for item in report.evidence.all():
        # The file is removed once the deletion is committed, never before.
        transaction.on_commit(partial(item.file.delete, save=False))
    report.delete()


def _add_to_month(report: ActivityReport, sign: int) -> None:
    """Keep the province's month totals in step with its reports."""
    key: dict[str, Any] = {
        "province_id": report.province_id,
        "fiscal_year": fiscal_year_of(report.held_on),
        "month": fiscal_month_index(report.held_on),
        "network_id": report.network_id,
        "district_id": report.subdistrict.district_id,
    }
    total, _created = ActivityMonthTotal.objects.select_for_update().get_or_create(**key)
    ActivityMonthTotal.objects.filter(pk=total.pk).update(
        reports=F("reports") + sign, participants=F("participants") + sign * report.participants
    )


VISIT_FIELDS = ["visited_on", "team", "places", "findings", "recommendations"]


@transaction.atomic
def save_visit(
    *, actor: Actor, visit: MonitoringVisit, data: dict[str, Any], organisations: Iterable[Any] = ()
) -> MonitoringVisit:
    """Record or correct an evaluators' monitoring visit."""
    organisations = list(organisations)
    if any(o.province_id != visit.province_id for o in organisations):
        raise ValidationError({"organisations": _("This belongs to another province.")})
    created = visit.pk is None
    before = {} if created else snapshot(visit, VISIT_FIELDS)
    for name in VISIT_FIELDS:
        if name in data:
            setattr(visit, name, data[name])
    visit.created_by = visit.created_by or person(actor)
    visit.full_clean(exclude=["created_by"])
    visit.save()
    visit.organisations.set(organisations)
    verb = "created" if created else "updated"
    log_action(
        actor=actor,
        action=f"monitoring.visit.{verb}",
        obj=visit,
        province_id=visit.province_id,
        before=before,
        after=snapshot(visit, VISIT_FIELDS),
    )
    return visit
