"""Monitoring and evaluation: indicators with targets and reviewed values, activity reports
with evidence, monitoring visits, period locks, and the totals the dashboards read.

Indicators belong to a unit (the province, a network or an organisation) like plans do.
The `*Total` tables are read models: services keep them up to date when values are
approved or reports are written, so no page ever scans the raw rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from moralprovince.core.models import BilingualName
from moralprovince.core.workflow import ReviewStatus
from moralprovince.lib.fiscal import PERIODS, period_name
from moralprovince.lib.storage import RandomName
from moralprovince.lib.thaidate import format_date, format_fiscal_year
from moralprovince.organisations.models import Organisation, UnitOwned, unit_order


def _language() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def _year_and_period_words(row: Any) -> str:
    """ปีงบประมาณ 2564 · ไตรมาส 1: how a row of one period reads in the log and the admin."""
    return f"{format_fiscal_year(row.fiscal_year, _language())} · {period_name(row.period)}"


class Dimension(BilingualName):
    """A way to break a figure down: sex, age group, district, network… Data, not columns."""

    class Kind(models.TextChoices):
        LISTED = "listed", _("Categories listed here")
        DISTRICT = "district", _("The province's districts")
        NETWORK = "network", _("The province's networks")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(
        _("categories"), max_length=20, choices=Kind.choices, default=Kind.LISTED
    )

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["code"]


class Category(BilingualName):
    dimension = models.ForeignKey(Dimension, models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["dimension", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="category_code_unique")
        ]


class Indicator(BilingualName, UnitOwned):
    class Unit(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percent")
        SCORE = "score", _("Score")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    class Frequency(models.TextChoices):
        YEAR = "year", _("Fiscal year")
        HALF = "half", _("Half-year")
        QUARTER = "quarter", _("Quarter")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of the periods")
        LATEST = "latest", _("Latest period")
        AVERAGE = "average", _("Average of the periods")

    code = models.CharField(_("code"), max_length=30, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.UP
    )
    frequency = models.CharField(
        _("reported every"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTER
    )
    aggregation = models.CharField(
        _("over the year"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveIntegerField(_("baseline year (BE)"), null=True, blank=True)
    virtues = models.ManyToManyField(
        "framework.Virtue", blank=True, related_name="+", verbose_name=_("virtues")
    )
    strategy = models.ForeignKey(
        "framework.Strategy",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("master-plan strategy"),
    )
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    dimensions = models.ManyToManyField(
        Dimension, blank=True, related_name="+", verbose_name=_("disaggregated by")
    )
    source = models.CharField(
        _("values come from"),
        max_length=50,
        blank=True,
        help_text=_("Empty: typed in by people. Otherwise computed from the system's records."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["province", *unit_order(), "code", "pk"]
        constraints = UnitOwned.Meta.constraints
        indexes = [models.Index(fields=["province", "network", "organisation"])]

    def combine(self, values: list[Decimal]) -> Decimal | None:
        """Add up the values of several periods as this indicator says."""
        if not values:
            return None
        if self.aggregation == self.Aggregation.SUM:
            return sum(values, Decimal(0))
        if self.aggregation == self.Aggregation.LATEST:
            return values[-1]
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))

    def year_total(
        self, approved: dict[str, Decimal], targets: dict[str, Decimal]
    ) -> dict[str, Any]:
        """The fields of the kept year total (`IndicatorYearTotal`), from the year's approved
        values and its targets, each by period."""
        order = {p: i for i, p in enumerate(PERIODS[self.frequency])}
        periods = sorted(approved, key=lambda p: order.get(p, 0))
        year_target = targets.get("Y")
        if year_target is None:
            year_target = self.combine(
                [targets[p] for p in PERIODS[self.frequency] if p in targets]
            )
        return {
            "province_id": self.province_id,
            "network_id": self.network_id,
            "organisation_id": self.organisation_id,
            "actual": self.combine([approved[p] for p in periods]),
            "target": year_target,
            "target_to_date": self.combine([targets[p] for p in periods if p in targets]),
            "approved_periods": len(periods),
        }


# Fiscal years are Buddhist-Era years of the programme's time, as in `organisations`.
FIRST_YEAR, LAST_YEAR = 2500, 2700
# The reporting periods (`lib.fiscal.PERIODS`) and the whole year.
PERIOD_CODES = ["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"]
# The largest figure a value, target or share holds (14 digits, 2 of them decimals).
LARGEST_FIGURE = Decimal("999999999999.99")
# More people than this at one activity is a typing mistake, and it keeps the month totals
# far inside the database's integer range.
MOST_PARTICIPANTS = 1_000_000


def _year_and_period(prefix: str) -> list[models.BaseConstraint]:
    """A fiscal year in the Buddhist Era and a known period, as the database holds them."""
    return [
        models.CheckConstraint(
            condition=Q(fiscal_year__gte=FIRST_YEAR, fiscal_year__lte=LAST_YEAR),
            name=f"{prefix}_year_is_be",
        ),
        models.CheckConstraint(condition=Q(period__in=PERIOD_CODES), name=f"{prefix}_period_known"),
    ]


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    period = models.CharField(_("period"), max_length=2)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "fiscal_year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year", "period"], name="target_one_per_period"
            ),
            *_year_and_period("target"),
        ]

    def __str__(self) -> str:
        return f"#{self.indicator_id} · {_year_and_period_words(self)}: {self.value}"


# Values follow the one review workflow.
ValueStatus = ReviewStatus


# What people read for the reporting periods (`lib.fiscal.PERIODS`): the codes are for the
# database, the API and spreadsheets that are read back, never for a page.
class IndicatorValue(models.Model):
    """The actual value of an indicator for one period, reviewed before it counts."""

    # An indicator with values is not deleted with them: they are records people reviewed.
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="values")
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    period = models.CharField(_("period"), max_length=2)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to=RandomName("evidence/values/%Y/"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    computed = models.BooleanField(_("computed from records"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who sent it for review: neither they nor who entered it approve it (core.workflow).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "fiscal_year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year", "period"], name="value_one_per_period"
            ),
            *_year_and_period("value"),
        ]
        # The reporting-status board looks up values by province, year and period.
        indexes = [models.Index(fields=["province", "fiscal_year", "period", "status"])]

    def __str__(self) -> str:
        return f"#{self.indicator_id} · {_year_and_period_words(self)}: {self.value}"


class ValuePart(models.Model):
    """One category's share of a value (for example: women, 15–24 years)."""

    value = models.ForeignKey(IndicatorValue, models.CASCADE, related_name="parts")
    dimension = models.ForeignKey(Dimension, models.PROTECT, related_name="+")
    category = models.CharField(max_length=40)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["value", "dimension", "category"], name="value_part_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}:{self.category}={self.amount}"


class PeriodLock(models.Model):
    """A closed reporting period of a province: its values can no longer change."""

    province = models.ForeignKey("geo.Province", models.CASCADE, related_name="+")
    fiscal_year = models.PositiveIntegerField()
    period = models.CharField(max_length=2)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year", "period"], name="lock_unique"
            ),
            *_year_and_period("lock"),
        ]

    def __str__(self) -> str:
        return _year_and_period_words(self)


class ActivityReport(models.Model):
    """What happened at a key activity: when, where, who took part, what came of it."""

    # Protected: deleting a key activity (or its goal or plan) would take its reports with it
    # and leave the month totals counting them. Its reports are deleted, one by one through
    # the service that keeps the totals, before the activity can go.
    activity = models.ForeignKey("plans.Activity", models.PROTECT, related_name="reports")
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    # Carried from the activity's plan so the totals can be kept per network without joins.
    network = models.ForeignKey(
        "organisations.Network", models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(_("date held"))
    subdistrict = models.ForeignKey(
        "geo.Subdistrict", models.PROTECT, related_name="+", verbose_name=_("subdistrict")
    )
    participants = models.PositiveIntegerField(
        _("participants"),
        validators=[
            MaxValueValidator(
                MOST_PARTICIPANTS,
                _("Write at most %(limit_value)s participants: more at one activity is a typo."),
            )
        ],
    )
    description = models.TextField(_("what was done"))
    outcomes = models.TextField(_("outcomes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["province", "held_on"])]

    def __str__(self) -> str:
        return f"#{self.activity_id} · {format_date(self.held_on, _language())}"


class ParticipantCount(models.Model):
    report = models.ForeignKey(ActivityReport, models.CASCADE, related_name="counts")
    dimension = models.ForeignKey(Dimension, models.PROTECT, related_name="+")
    category = models.CharField(max_length=40)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "dimension", "category"], name="participant_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}={self.count}"


class Evidence(models.Model):
    report = models.ForeignKey(ActivityReport, models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=RandomName("evidence/reports/%Y/"))
    kind = models.CharField(max_length=10)  # "image" or "document"
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.caption or str(_("evidence"))


class MonitoringVisit(models.Model):
    """An evaluators' field visit."""

    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    visited_on = models.DateField(_("date of visit"))
    team = models.TextField(_("team"))
    organisations: models.ManyToManyField[Organisation, VisitedOrganisation] = (
        models.ManyToManyField(
            "organisations.Organisation",
            blank=True,
            related_name="+",
            verbose_name=_("places visited"),
            through="VisitedOrganisation",
        )
    )
    places = models.TextField(_("other places visited"), blank=True)
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return format_date(self.visited_on, _language())


class VisitedOrganisation(models.Model):
    """An organisation a visit went to. Its own table only so that an organisation named in
    a visit's record cannot be deleted and silently drop out of it."""

    visit = models.ForeignKey(MonitoringVisit, models.CASCADE, db_column="monitoringvisit_id")
    organisation = models.ForeignKey("organisations.Organisation", models.PROTECT, related_name="+")

    class Meta:
        # The table, columns and unique pair Django made for the plain many-to-many field.
        db_table = "monitoring_monitoringvisit_organisations"
        unique_together = [("visit", "organisation")]

    def __str__(self) -> str:
        return f"{self.visit_id}:{self.organisation_id}"


# --- read models ------------------------------------------------------------------------


class IndicatorYearTotal(models.Model):
    """An indicator's approved actual and its target for a fiscal year, kept by the services."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="year_totals")
    province = models.ForeignKey("geo.Province", models.CASCADE, related_name="+")
    network = models.ForeignKey(
        "organisations.Network", models.CASCADE, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", models.CASCADE, null=True, related_name="+"
    )
    fiscal_year = models.PositiveIntegerField()
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    # The targets of the periods that have approved values. Not what "on track" is judged
    # by: that is the target of every period due by the day asked about
    # (`queries.year_cell`), so that a period left without a value cannot shrink the target.
    target_to_date = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    approved_periods = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="indicator_year_total_unique"
            )
        ]
        indexes = [models.Index(fields=["province", "fiscal_year", "network", "organisation"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.fiscal_year}"


class ActivityMonthTotal(models.Model):
    """Activity reports and participants per province, month, network and district."""

    province = models.ForeignKey("geo.Province", models.CASCADE, related_name="+")
    fiscal_year = models.PositiveIntegerField()
    month = models.PositiveSmallIntegerField()  # 0 = October … 11 = September
    network = models.ForeignKey(
        "organisations.Network", models.CASCADE, null=True, related_name="+"
    )
    district = models.ForeignKey("geo.District", models.CASCADE, related_name="+")
    reports = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Two partial constraints: a plain one would treat the empty network as unique.
            models.UniqueConstraint(
                fields=["province", "fiscal_year", "month", "network", "district"],
                condition=Q(network__isnull=False),
                name="activity_month_total_unique",
            ),
            models.UniqueConstraint(
                fields=["province", "fiscal_year", "month", "district"],
                condition=Q(network__isnull=True),
                name="activity_month_total_unique_province",
            ),
        ]
        indexes = [models.Index(fields=["province", "fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.province_id} {self.fiscal_year} {self.month}"
