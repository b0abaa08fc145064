"""Commitments and plans: declarations of intent, target virtues, plans, goals, key
activities and their budget lines from several funding agencies.

Every row belongs to a unit — the province itself, one of its networks or one of its
organisations — and to a fiscal year. The province is always stored, so every query for
a person can start from the province (the tenant).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from moralprovince.core.models import BilingualName
from moralprovince.core.workflow import ReviewStatus, is_editable
from moralprovince.lib.fiscal import (
    FIRST_FISCAL_YEAR,
    FISCAL_YEAR_MESSAGE,
    LAST_FISCAL_YEAR,
    fiscal_year_bounds,
)
from moralprovince.lib.storage import RandomName
from moralprovince.organisations.models import UnitOwned, unit_order


class UnitScoped(UnitOwned):
    """A unit's row for one fiscal year."""

    fiscal_year = models.PositiveIntegerField(
        _("fiscal year (BE)"),
        validators=[
            MinValueValidator(FIRST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE),
            MaxValueValidator(LAST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE),
        ],
    )

    class Meta(UnitOwned.Meta):
        abstract = True
        constraints = [
            *UnitOwned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR, fiscal_year__lte=LAST_FISCAL_YEAR),
                name="%(class)s_fiscal_year_be",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
        ]

    @property
    def fiscal_bounds(self) -> tuple[dt.date, dt.date]:
        return fiscal_year_bounds(self.fiscal_year)


def signed_share_band(share: Decimal | None) -> int | None:
    """Score a declaration's share of signatories as the assessment criteria do: 2, 1 or 0.

    The bands (≥ 80 %, 50–79.99 %, < 50 %) are those of the organisation criteria for the
    declaration and target-virtue activities.
    """
    if share is None:
        return None
    if share >= 80:
        return 2
    return 1 if share >= 50 else 0


class Declaration(UnitScoped):
    """A declaration of intent (ประกาศเจตนารมณ์) and who signed it."""

    text = models.TextField(_("declaration"))
    declared_on = models.DateField(_("date declared"))
    executives_signed = models.PositiveIntegerField(_("executives who signed"), default=0)
    executives_total = models.PositiveIntegerField(_("executives in total"), default=0)
    members_signed = models.PositiveIntegerField(_("members who signed"), default=0)
    members_total = models.PositiveIntegerField(_("members in total"), default=0)
    document = models.FileField(
        _("signed document"), upload_to=RandomName("declarations/%Y/"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(UnitScoped.Meta):
        verbose_name = _("declaration of intent")
        verbose_name_plural = _("declarations of intent")
        ordering = ["-fiscal_year", "province", *unit_order()]
        constraints = [
            *UnitScoped.Meta.constraints,
            models.CheckConstraint(
                condition=Q(executives_signed__lte=F("executives_total"))
                & Q(members_signed__lte=F("members_total")),
                name="declaration_signed_within_total",
                violation_error_message=_("More people signed than there are in total."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.fiscal_year}"

    @property
    def signed_share(self) -> Decimal | None:
        """Percent of executives and members together who signed, or None if none are counted."""
        total = self.executives_total + self.members_total
        if not total:
            return None
        signed = self.executives_signed + self.members_signed
        return (Decimal(signed) * 100 / total).quantize(Decimal("0.01"))

    @property
    def score_band(self) -> int | None:
        return signed_share_band(self.signed_share)


class TargetVirtue(UnitScoped):
    """A target virtue (คุณธรรมเป้าหมาย): a problem to solve and a good to do."""

    problem_to_solve = models.TextField(_("problem we want to solve"))
    good_to_do = models.TextField(_("good we want to do"))
    virtues = models.ManyToManyField(
        "framework.Virtue", related_name="+", verbose_name=_("core virtues")
    )
    own_words = models.CharField(
        _("in our own words"),
        max_length=300,
        blank=True,
        help_text=_("The local wording, for example a provincial slogan."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(UnitScoped.Meta):
        verbose_name = _("target virtue")
        verbose_name_plural = _("target virtues")
        ordering = ["fiscal_year", "pk"]

    def __str__(self) -> str:
        return self.own_words or self.good_to_do[:60]


class FundingSource(BilingualName):
    """Where money comes from: an agency or a kind of source. Data, editable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["order", "code"]


# Plans follow the one review workflow; a returned plan is edited as a draft is.
PlanStatus = ReviewStatus


class Plan(UnitScoped):
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # The first approved version: later revisions are compared with it.
    baseline = models.JSONField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("approved version"), default=0)
    # Who made this version: everyone who changed it since it was started or last opened for
    # revision, and who sent it for review. None of them may approve it (`core.workflow`).
    entered_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("entered by")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(UnitScoped.Meta):
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["fiscal_year", *unit_order()]
        # One plan per unit and year. Three partial constraints, because a plain unique
        # constraint treats the empty network/organisation columns as all different.
        constraints = [
            *UnitScoped.Meta.constraints,
            models.UniqueConstraint(
                fields=["province", "fiscal_year"],
                condition=Q(network__isnull=True, organisation__isnull=True),
                name="plan_one_per_province_year",
                violation_error_message=_("This unit already has a plan for this year."),
            ),
            models.UniqueConstraint(
                fields=["network", "fiscal_year"],
                condition=Q(network__isnull=False),
                name="plan_one_per_network_year",
                violation_error_message=_("This unit already has a plan for this year."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year"],
                condition=Q(organisation__isnull=False),
                name="plan_one_per_organisation_year",
                violation_error_message=_("This unit already has a plan for this year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return is_editable(self.status)

    def budget_total(self) -> Decimal:
        # A list annotates it (`plans.queries.with_budget_total`): one query, not one a row.
        if "budget_sum" in self.__dict__:
            return self.__dict__["budget_sum"] or Decimal(0)
        total = BudgetLine.objects.filter(activity__plan=self).aggregate(t=Sum("amount"))["t"]
        return total or Decimal(0)


class Goal(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("goal"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="goal_number_unique",
                violation_error_message=_("This plan already has a goal with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """A key activity (กิจกรรมสำคัญ) of a plan, under one of its goals."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        Goal, models.CASCADE, related_name="activities", verbose_name=_("goal")
    )
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    # The activity's number within its plan: stable across exports, imports and revisions.
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("key activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    responsible = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+", verbose_name=_("partners")
    )
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), null=True, blank=True
    )
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
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )

    class Meta:
        verbose_name = _("key activity")
        verbose_name_plural = _("key activities")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="activity_number_unique",
                violation_error_message=_("This plan already has an activity with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="activity_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["province", "start"])]

    def __str__(self) -> str:
        return self.title


class BudgetState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    SPENT = "spent", _("Spent")


class BudgetLine(models.Model):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="budget_lines")
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    source = models.ForeignKey(
        FundingSource, models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    state = models.CharField(
        _("budget status"),
        max_length=20,
        choices=BudgetState.choices,
        default=BudgetState.REQUESTED,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.amount}"


class PlanEvent(models.Model):
    """The plan's review history: submitted, approved, returned, revision opened."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        REVISION = "revision", _("Revision opened")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan review event")
        verbose_name_plural = _("plan review events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.action}"
