"""Writes for monitoring: indicators, targets, values and their review, period locks,
activity reports with evidence, visits; each keeps the read models and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.audit.services import log_action, snapshot, stored_snapshot
from moralprovince.core import workflow
from moralprovince.core.inputs import Input, assign, assign_many
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.jobs.models import Job
from moralprovince.jobs.services import enqueue
from moralprovince.lib.fiscal import (
    PERIOD_NAMES,
    PERIODS,
    fiscal_month_index,
    fiscal_year_bounds,
    fiscal_year_of,
    period_name,
)
from moralprovince.lib.storage import StoredFiles, files_removed_on_rollback, remove_after_commit
from moralprovince.monitoring import access, recount, sources
from moralprovince.monitoring.models import (
    FIRST_YEAR,
    LARGEST_FIGURE,
    LAST_YEAR,
    ActivityMonthTotal,
    ActivityReport,
    Dimension,
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
from moralprovince.organisations import access as organisations_access
from moralprovince.organisations.models import Organisation
from moralprovince.organisations.queries import one_person_secretariat
from moralprovince.organisations.services import check_in_province
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Activity, ActivityStatus
from moralprovince.plans.services import check_unit

# --- typed inputs ---------------------------------------------------------------------------


@dataclass(kw_only=True)
class IndicatorInput(Input):
    code: str = ""
    name_th: str
    name_en: str = ""
    unit: str = Indicator.Unit.NUMBER
    direction: str = Indicator.Direction.UP
    frequency: str = Indicator.Frequency.QUARTER
    aggregation: str = Indicator.Aggregation.SUM
    baseline: Decimal | None = None
    baseline_year: int | None = None
    virtues: list[Virtue] = field(default_factory=list)
    strategy: Strategy | None = None
    means_of_verification: str = ""
    dimensions: list[Dimension] = field(default_factory=list)
    # Empty: values are typed in; otherwise the name of the records they are computed from.
    source: str = ""


@dataclass(kw_only=True)
class TargetInput(Input):
    fiscal_year: int
    # A period of the indicator's frequency, or "Y" for the whole year.
    period: str
    value: Decimal


@dataclass(kw_only=True)
class ValueInput(Input):
    fiscal_year: int
    period: str
    value: Decimal
    comment: str = ""
    evidence: File[Any] | None = None
    # Each category's share: (dimension, category code, amount).
    parts: list[tuple[Dimension, str, Decimal]] = field(default_factory=list)


@dataclass(kw_only=True)
class ActivityReportInput(Input):
    held_on: dt.date
    subdistrict: Subdistrict
    participants: int
    description: str
    outcomes: str = ""
    # Participants by category: (dimension, category code, count).
    counts: list[tuple[Dimension, str, int]] = field(default_factory=list)
    files: list[File[Any]] = field(default_factory=list)


@dataclass(kw_only=True)
class VisitInput(Input):
    visited_on: dt.date
    team: str
    organisations: list[Organisation] = field(default_factory=list)
    places: str = ""
    findings: str
    recommendations: str = ""


def _verb(created: bool) -> str:
    return "created" if created else "updated"


# --- indicators and targets ---------------------------------------------------------------


def create_indicator(*, actor: Actor, unit: Unit, data: IndicatorInput) -> Indicator:
    """Define an indicator of a province, network or organisation."""
    return _save_indicator(actor, Indicator(**unit.row_fields()), data)


def update_indicator(*, actor: Actor, indicator: Indicator, data: IndicatorInput) -> Indicator:
    """Change an indicator."""
    return _save_indicator(actor, indicator, data)


@transaction.atomic
def _save_indicator(actor: Actor, indicator: Indicator, data: IndicatorInput) -> Indicator:
    access.require(actor, "monitoring.write", indicator)
    check_unit(indicator.province_id, indicator.network, indicator.organisation)
    if data.source and data.source not in sources.SOURCES:
        raise ValidationError({"source": _("Unknown source of values.")})
    if data.baseline_year is not None:
        check_fiscal_year(data.baseline_year, "baseline_year")
    created = indicator.pk is None
    _check_frequency_kept(indicator, data)
    before = stored_snapshot(indicator, data.names())
    assign(indicator, data)
    indicator.full_clean()
    indicator.save()
    assign_many(indicator, data)
    if not created:
        # How the periods add up may have changed: the kept year totals follow.
        for fiscal_year in _years_of(indicator):
            refresh_year_total(indicator, fiscal_year)
    log_action(
        actor=actor,
        action=f"monitoring.indicator.{_verb(created)}",
        obj=indicator,
        province_id=indicator.province_id,
        before=before,
        after=snapshot(indicator, data.names()),
    )
    return indicator


def _check_frequency_kept(indicator: Indicator, data: IndicatorInput) -> None:
    """Targets and values are kept per period: once there are some, the periods stay.

    Compared with the stored row, since a model form has already set the new frequency on
    the instance."""
    if indicator.pk is None:
        return
    stored = Indicator.objects.filter(pk=indicator.pk).values_list("frequency", flat=True).get()
    if data.frequency == stored:
        return
    if indicator.values.exists() or indicator.targets.exists():
        raise ValidationError(
            {
                "frequency": _(
                    "This indicator already has targets or values by %(frequency)s, so how "
                    "often it is reported cannot change. Define a new indicator instead."
                )
                % {"frequency": Indicator.Frequency(stored).label}
            }
        )


def _years_of(indicator: Indicator) -> set[int]:
    """The fiscal years in which the indicator has targets, values or a kept total."""
    years: set[int] = set()
    for rows in (indicator.targets, indicator.values, indicator.year_totals):
        years.update(rows.values_list("fiscal_year", flat=True))
    return years


def check_fiscal_year(fiscal_year: object, field: str = "fiscal_year") -> None:
    """Refuse a year that is not a Buddhist-Era year of the programme's time."""
    if (
        not isinstance(fiscal_year, int)
        or isinstance(fiscal_year, bool)
        or not FIRST_YEAR <= fiscal_year <= LAST_YEAR
    ):
        raise ValidationError(
            {
                field: _("Write the year in the Buddhist Era, between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )


def check_figure(indicator: Indicator, value: Decimal, field: str = "value") -> None:
    """Refuse a negative figure, one too large to keep, or a percent over 100."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError({field: _("Write a number, for example 125 or 87.5.")})
    if value < 0:
        raise ValidationError({field: _("A value cannot be negative.")})
    if value > LARGEST_FIGURE:
        raise ValidationError(
            {field: _("A value can be at most %(largest)s.") % {"largest": f"{LARGEST_FIGURE:,}"}}
        )
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
                % {
                    "frequency": indicator.get_frequency_display(),
                    "periods": ", ".join(period_name(p) for p in allowed),
                }
            }
        )


@transaction.atomic
def update_target(*, actor: Actor, indicator: Indicator, data: TargetInput) -> Target:
    """Set the target of a period (or of the whole year, "Y"), replacing the one it had."""
    access.require(actor, "monitoring.write", indicator)
    check_fiscal_year(data.fiscal_year)
    _check_period(indicator, data.period, allow_year=True)
    check_figure(indicator, data.value)
    target, created = Target.objects.select_for_update(of=("self",)).get_or_create(
        indicator=indicator,
        fiscal_year=data.fiscal_year,
        period=data.period,
        defaults={"value": data.value},
    )
    before = {} if created else {"value": str(target.value)}
    target.value = data.value
    target.save(update_fields=["value"])
    refresh_year_total(indicator, data.fiscal_year)
    log_action(
        actor=actor,
        action=f"monitoring.target.{_verb(created)}",
        obj=target,
        province_id=indicator.province_id,
        before=before | {"period": data.period},
        after={"period": data.period, "value": str(data.value)},
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
            % {"period": period_name(period), "fy": fiscal_year}
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


def enter_value(*, actor: Actor, indicator: Indicator, data: ValueInput) -> IndicatorValue:
    """Enter or correct the value of a period, as a draft, while the period is open."""
    return _enter(actor, indicator, data, computed=False)


def compute_value(
    *, actor: Actor, indicator: Indicator, fiscal_year: int, period: str
) -> IndicatorValue:
    """Take the value of a computed indicator from the records, as a draft to review."""
    access.require(actor, "monitoring.write", indicator)
    if not indicator.source:
        raise ValidationError(_("This indicator's values are typed in, not computed."))
    check_fiscal_year(fiscal_year)
    _check_period(indicator, period)
    figure = sources.compute(indicator, fiscal_year, period)
    if indicator.unit == Indicator.Unit.PERCENT:
        figure = min(figure, Decimal(100))
    note = _("Computed from the records: %(source)s.") % {
        "source": sources.SOURCES[indicator.source].label
    }
    data = ValueInput(fiscal_year=fiscal_year, period=period, value=figure, comment=str(note))
    return _enter(actor, indicator, data, computed=True)


def _enter(actor: Actor, indicator: Indicator, data: ValueInput, computed: bool) -> IndicatorValue:
    access.require(actor, "monitoring.write", indicator)
    # A photo is shrunk before the transaction starts, so the write lock is held briefly.
    evidence = prepare_evidence(data.evidence) if data.evidence else None
    with files_removed_on_rollback() as stored:
        check_fiscal_year(data.fiscal_year)
        _check_period(indicator, data.period)
        _check_open(indicator.province_id, data.fiscal_year, data.period)
        check_figure(indicator, data.value)
        _check_parts(indicator, data.value, data.parts)
        row = _value_row(indicator, data)
        before = _value_record(row) if row.pk else {}
        row.value, row.comment, row.computed = data.value, data.comment, computed
        row.entered_by, row.status = person(actor), ValueStatus.DRAFT
        if evidence is not None:
            remove_after_commit(row.evidence)
            stored.store(row.evidence, evidence)
        row.save()
        _replace_parts(row, data.parts)
        # The shares by category and the evidence file replaced are named, so the entry says
        # what went.
        log_action(
            actor=actor,
            action=f"monitoring.value.{_verb(not before)}",
            obj=row,
            province_id=row.province_id,
            before=before,
            after=_value_record(row),
        )
    return row


def _value_row(indicator: Indicator, data: ValueInput) -> IndicatorValue:
    """The period's value, locked for the change, or a new one; refused once submitted."""
    row = (
        IndicatorValue.objects.select_for_update(of=("self",))
        .filter(indicator=indicator, fiscal_year=data.fiscal_year, period=data.period)
        .first()
    )
    if row is None:
        return IndicatorValue(
            indicator=indicator,
            province_id=indicator.province_id,
            fiscal_year=data.fiscal_year,
            period=data.period,
        )
    if not workflow.is_editable(row.status):
        raise ValidationError(
            _("This value is %(status)s and cannot be changed.")
            % {"status": row.get_status_display()}
        )
    return row


def _value_record(row: IndicatorValue) -> dict[str, Any]:
    """What the audit log keeps of a value: the figure, its state, its parts and evidence."""
    return {
        "value": str(row.value),
        "status": row.status,
        "comment": row.comment,
        "evidence": row.evidence.name or "",
        # Not "parts", the name of the reverse relation, which the audit log page would
        # take for a field of the value.
        "categories": sorted(
            f"{p.dimension_id}:{p.category}={p.amount}" for p in row.parts.all().order_by()
        ),
    }


def _replace_parts(row: IndicatorValue, parts: list[tuple[Dimension, str, Decimal]]) -> None:
    row.parts.all().delete()
    ValuePart.objects.bulk_create(
        [ValuePart(value=row, dimension=d, category=c, amount=a) for d, c, a in parts]
    )


def _review_step(
    actor: Actor, value: IndicatorValue, step: workflow.Step, action: str, comment: str = ""
) -> IndicatorValue:
    """Move the value one step and log the status it changed, with the reviewer's comment."""
    _check_open(value.province_id, value.fiscal_year, value.period)
    moved = workflow.move(
        value, step, actor=actor, same_person_allowed=one_person_secretariat(value.province_id)
    )
    before = {"status": moved.previous}
    if step is workflow.Step.SUBMIT:
        value.save(update_fields=[*moved.fields, "updated_at"])
    else:
        _stamp_review(value, actor, comment)
        refresh_year_total(value.indicator, value.fiscal_year)
    after = {"status": value.status} | ({"comment": comment} if comment else {}) | moved.note()
    log_action(
        actor=actor,
        action=f"monitoring.value.{action}",
        obj=value,
        province_id=value.province_id,
        before=before,
        after=after,
    )
    return value


@transaction.atomic
def submit_value(*, actor: Actor, value: IndicatorValue) -> IndicatorValue:
    """Send a draft or returned value for review."""
    access.require(actor, "monitoring.write", value.indicator)
    return _review_step(actor, value, workflow.Step.SUBMIT, "submitted")


@transaction.atomic
def approve_value(*, actor: Actor, value: IndicatorValue) -> IndicatorValue:
    """Approve a submitted value; from now on it counts on the dashboards."""
    access.require(actor, "monitoring.review", value.indicator)
    return _review_step(actor, value, workflow.Step.APPROVE, "approved")


@transaction.atomic
def return_value(*, actor: Actor, value: IndicatorValue, comment: str) -> IndicatorValue:
    """Send a submitted or approved value back, saying why; it stops counting."""
    access.require(actor, "monitoring.review", value.indicator)
    if not isinstance(comment, str):
        raise ValidationError({"comment": _("Write the comment as text.")})
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    return _review_step(actor, value, workflow.Step.RETURN, "returned", comment.strip())


def _stamp_review(value: IndicatorValue, actor: Actor, comment: str) -> None:
    value.reviewed_by = person(actor)
    value.reviewed_at = timezone.now()
    value.review_comment = comment
    value.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )


def refresh_year_total(indicator: Indicator, fiscal_year: int) -> IndicatorYearTotal:
    """Recompute the indicator's approved actual and target for one year (a handful of rows)."""
    approved = dict(
        IndicatorValue.objects.filter(
            indicator=indicator, fiscal_year=fiscal_year, status=ValueStatus.APPROVED
        ).values_list("period", "value")
    )
    targets = dict(
        Target.objects.filter(indicator=indicator, fiscal_year=fiscal_year).values_list(
            "period", "value"
        )
    )
    total, _created = IndicatorYearTotal.objects.update_or_create(
        indicator=indicator,
        fiscal_year=fiscal_year,
        defaults=indicator.year_total(approved, targets),
    )
    return total


# --- period locks ---------------------------------------------------------------------------


@transaction.atomic
def lock_period(*, actor: Actor, province: Province, fiscal_year: int, period: str) -> PeriodLock:
    """Close a period of the province; only its admins may."""
    access.require(actor, "monitoring.lock", province.pk)
    check_fiscal_year(fiscal_year)
    if period not in PERIOD_NAMES:
        raise ValidationError({"period": _("Choose one of the periods listed.")})
    lock, created = PeriodLock.objects.get_or_create(
        province=province,
        fiscal_year=fiscal_year,
        period=period,
        defaults={"locked_by": person(actor)},
    )
    if created:
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
    """Open a closed period of the province again; only its admins may."""
    access.require(actor, "monitoring.lock", lock.province_id)
    log_action(
        actor=actor,
        action="monitoring.period.unlocked",
        obj=lock,
        province_id=lock.province_id,
        before={"fiscal_year": lock.fiscal_year, "period": lock.period},
    )
    lock.delete()


# --- activity reports and visits --------------------------------------------------------------


def _check_report(report: ActivityReport, counts: list[tuple[Dimension, str, int]]) -> None:
    activity = report.activity
    errors: dict[str, Any] = {}
    first, last = fiscal_year_bounds(activity.plan.fiscal_year)
    if report.held_on and not first <= report.held_on <= last:
        errors["held_on"] = _("The date is outside fiscal year %(fy)s of the plan.") % {
            "fy": activity.plan.fiscal_year
        }
    if report.subdistrict_id and report.subdistrict.province_id != activity.province_id:
        errors["subdistrict"] = _("This belongs to another province.")
    totals: dict[Dimension, int] = {}
    for dimension, _category, count in counts:
        totals[dimension] = totals.get(dimension, 0) + count
    for dimension, total in totals.items():
        if total != report.participants:
            errors["counts"] = _(
                "The participants by %(d)s add up to %(total)s, not %(value)s."
            ) % {"d": dimension.name, "total": total, "value": report.participants}
    if errors:
        raise ValidationError(errors)


def create_activity_report(
    *, actor: Actor, activity: Activity, data: ActivityReportInput
) -> ActivityReport:
    """Report what happened at a key activity, with evidence; the month totals follow."""
    access.require(actor, "monitoring.report", activity)
    report = ActivityReport(
        activity=activity,
        province_id=activity.province_id,
        network_id=activity.plan.network_id,
        created_by=person(actor),
    )
    assign(report, data, skip=["counts", "files"])
    _check_report(report, data.counts)
    prepared = [prepare_evidence(f, images_only=False) for f in data.files]
    report.full_clean()
    with files_removed_on_rollback() as stored:
        report.save()
        ParticipantCount.objects.bulk_create(
            [
                ParticipantCount(report=report, dimension=d, category=c, count=n)
                for d, c, n in data.counts
            ]
        )
        _add_evidence(report, prepared, stored)
        recount_month(report)
        log_action(
            actor=actor,
            action="monitoring.activity_report.created",
            obj=report,
            province_id=report.province_id,
            after={"held_on": report.held_on.isoformat(), "participants": report.participants},
        )
        _mark_held(actor, activity)
    return report


def _mark_held(actor: Actor, activity: Activity) -> None:
    """A reported activity was held: a planned or ongoing one counts as done from now on."""
    if activity.status not in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS):
        return
    before = {"status": activity.status}
    activity.status = ActivityStatus.DONE
    activity.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="monitoring.activity.held",
        obj=activity,
        province_id=activity.province_id,
        before=before,
        after={"status": activity.status},
    )


def _add_evidence(report: ActivityReport, uploads: list[Any], stored: StoredFiles) -> None:
    for upload in uploads:
        kind = "image" if upload.content_type.startswith("image/") else "document"
        evidence = Evidence(report=report, kind=kind)
        stored.store(evidence.file, upload)
        evidence.save()


@transaction.atomic
def delete_activity_report(*, actor: Actor, report: ActivityReport) -> None:
    """Delete an activity report, taking it out of the month totals; its evidence files go
    once the deletion is committed. The audit entry keeps what the report said."""
    access.require(actor, "monitoring.report", report.activity)
    log_action(
        actor=actor,
        action="monitoring.activity_report.deleted",
        obj=report,
        province_id=report.province_id,
        before=_report_record(report),
    )
    for item in report.evidence.all():
        remove_after_commit(item.file)
    report.delete()
    recount_month(report)


def _report_record(report: ActivityReport) -> dict[str, Any]:
    return {
        "activity": report.activity_id,
        "network": report.network_id,
        "held_on": report.held_on.isoformat(),
        "subdistrict": report.subdistrict_id,
        "participants": report.participants,
        "description": report.description,
        "outcomes": report.outcomes,
        # Named apart from the reverse relations "counts" and "evidence" (see `_value_record`).
        "categories": sorted(
            f"{c.dimension_id}:{c.category}={c.count}" for c in report.counts.all().order_by()
        ),
        "files": sorted(e.file.name for e in report.evidence.all()),
    }


def month_cell(report: ActivityReport) -> dict[str, Any]:
    """The month total a report counts in: its province, fiscal month, network and district."""
    return {
        "province_id": report.province_id,
        "fiscal_year": fiscal_year_of(report.held_on),
        "month": fiscal_month_index(report.held_on),
        "network_id": report.network_id,
        "district_id": report.subdistrict.district_id,
    }


def recount_month(report: ActivityReport) -> ActivityMonthTotal | None:
    """Count again the month total the report falls in, from the reports themselves.

    A recount rather than adding or taking away one report: the total then equals the
    records whatever happened before. The total's row is locked first, so two reports
    written at once are counted one after the other.
    """
    cell = month_cell(report)
    total, _created = ActivityMonthTotal.objects.select_for_update(of=("self",)).get_or_create(
        **cell
    )
    first = report.held_on.replace(day=1)
    last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    counted = ActivityReport.objects.filter(
        province_id=cell["province_id"],
        held_on__range=(first, last),
        network_id=cell["network_id"],
        subdistrict__district_id=cell["district_id"],
    ).aggregate(reports=Count("pk"), participants=Sum("participants"))
    if not counted["reports"]:
        # A month with no report left keeps no total, as a recount would have none.
        total.delete()
        return None
    total.reports = counted["reports"]
    total.participants = counted["participants"] or 0
    total.save(update_fields=["reports", "participants"])
    return total


def create_visit(*, actor: Actor, province: Province, data: VisitInput) -> MonitoringVisit:
    """Record an evaluators' monitoring visit."""
    return _save_visit(actor, MonitoringVisit(province=province), data)


def update_visit(*, actor: Actor, visit: MonitoringVisit, data: VisitInput) -> MonitoringVisit:
    """Correct the record of a monitoring visit."""
    return _save_visit(actor, visit, data)


@transaction.atomic
def _save_visit(actor: Actor, visit: MonitoringVisit, data: VisitInput) -> MonitoringVisit:
    access.require(actor, "monitoring.record_visit", visit.province_id)
    check_in_province(visit.province_id, organisations=data.organisations)
    created = visit.pk is None
    before = stored_snapshot(visit, data.names())
    assign(visit, data)
    visit.created_by = visit.created_by or person(actor)
    visit.full_clean(exclude=["created_by"])
    visit.save()
    assign_many(visit, data)
    log_action(
        actor=actor,
        action=f"monitoring.visit.{_verb(created)}",
        obj=visit,
        province_id=visit.province_id,
        before=before,
        after=snapshot(visit, data.names()),
    )
    return visit


def start_year_report(*, actor: Actor, province: Province, fiscal_year: int) -> Job:
    """Queue the year's evaluation report (PDF and Excel) of a province; it is made in the
    background, for those who read the whole province (the job checks again when it runs)."""
    organisations_access.require(actor, "organisations.province.read_all", province.pk)
    return enqueue(
        actor=actor,
        kind="monitoring.year_report",
        province=province,
        params={"fiscal_year": fiscal_year},
    )


# --- recounting the read models ---------------------------------------------------------------


@transaction.atomic
def fix_totals(*, actor: Actor, province_id: str | None = None) -> list[recount.Difference]:
    """Write a recount from the records over every kept total and carried field that
    differs (`recount.differences`), and log one entry per province saying how many did.

    Carried fields first, since the month totals are counted by a report's network."""
    access.require(actor, "monitoring.recount")
    fixed = list(recount.carried_differences(province_id))
    for difference in fixed:
        _fix_carried(actor, difference)
    months = list(recount.month_differences(province_id))
    for difference in months:
        _fix_month(difference)
    years = list(recount.year_differences(province_id))
    for difference in years:
        _fix_year(difference)
    fixed += months + years
    by_province: dict[str, int] = {}
    for difference in fixed:
        by_province[difference.province_id] = by_province.get(difference.province_id, 0) + 1
    for province in Province.objects.filter(pk__in=by_province).order_by("pk"):
        log_action(
            actor=actor,
            action="monitoring.totals.recounted",
            obj=province,
            province_id=province.pk,
            before={"differences": by_province[province.pk]},
            after={"differences": 0},
        )
    return fixed


def _fix_carried(actor: Actor, difference: recount.Difference) -> None:
    """Give a record its activity's or indicator's province and network; records are
    logged one by one, as any change to them is."""
    row: ActivityReport | IndicatorValue
    if difference.kind == "report":
        row = ActivityReport.objects.get(pk=difference.key)
        names = ["province", "network"]
        row.province_id, row.network_id = difference.counted
    else:
        row = IndicatorValue.objects.get(pk=difference.key)
        names = ["province"]
        row.province_id = difference.counted
    before = stored_snapshot(row, names)
    row.save(update_fields=names)
    log_action(
        actor=actor,
        action=f"monitoring.{row._meta.model_name}.recounted",
        obj=row,
        province_id=row.province_id,
        before=before,
        after=snapshot(row, names),
    )


def _fix_month(difference: recount.Difference) -> None:
    province_id, fiscal_year, month, network_id, district_id = difference.key
    cell = {
        "province_id": province_id,
        "fiscal_year": fiscal_year,
        "month": month,
        "network_id": network_id,
        "district_id": district_id,
    }
    reports, participants = difference.counted
    if reports == 0:
        ActivityMonthTotal.objects.filter(**cell).delete()
        return
    ActivityMonthTotal.objects.update_or_create(
        **cell, defaults={"reports": reports, "participants": participants}
    )


def _fix_year(difference: recount.Difference) -> None:
    indicator_id, fiscal_year = difference.key
    if recount.is_empty(difference.counted):
        IndicatorYearTotal.objects.filter(
            indicator_id=indicator_id, fiscal_year=fiscal_year
        ).delete()
        return
    IndicatorYearTotal.objects.update_or_create(
        indicator_id=indicator_id, fiscal_year=fiscal_year, defaults=difference.counted
    )
