"""The national framework the Moral Center maintains: core virtues and master-plan strategies.

Which virtues count in which fiscal year is data, not code: Master Plan No. 1 used four
virtues (FY2559–2565) and the Phase 2 action plan added a fifth from FY2566.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moralprovince.core.models import BilingualName


class VirtueQuerySet(models.QuerySet["Virtue"]):
    def valid_in(self, fiscal_year: int) -> "VirtueQuerySet":
        return self.filter(valid_from__lte=fiscal_year).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=fiscal_year)
        )


class Virtue(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    valid_from = models.PositiveIntegerField(_("valid from fiscal year (BE)"))
    valid_to = models.PositiveIntegerField(
        _("valid to fiscal year (BE)"), null=True, blank=True, help_text=_("Empty: still valid.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VirtueQuerySet.as_manager()

    class Meta:
        verbose_name = _("core virtue")
        verbose_name_plural = _("core virtues")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="virtue_valid_range",
            )
        ]

    def is_valid_in(self, fiscal_year: int) -> bool:
        return self.valid_from <= fiscal_year and (
            self.valid_to is None or fiscal_year <= self.valid_to
        )


class MasterPlan(BilingualName):
    start_year = models.PositiveIntegerField(_("first fiscal year (BE)"))
    end_year = models.PositiveIntegerField(_("last fiscal year (BE)"))

    class Meta:
        verbose_name = _("master plan")
        verbose_name_plural = _("master plans")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="masterplan_year_range"
            )
        ]


class Strategy(BilingualName):
    master_plan = models.ForeignKey(
        MasterPlan, models.CASCADE, related_name="strategies", verbose_name=_("master plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["master_plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["master_plan", "number"], name="strategy_number_unique")
        ]
