"""Provinces running the programme, their social networks and member organisations.

The province is the tenant: every row here carries its province, directly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _

from moralprovince.core.models import BilingualName, ThaiSorted
from moralprovince.lib.fiscal import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, fiscal_year_bounds
from moralprovince.lib.thaitext import normalise


class Programme(BilingualName):
    """A province running its Moral Province programme (จังหวัดคุณธรรม)."""

    province = models.OneToOneField(
        "geo.Province", models.PROTECT, related_name="programme", verbose_name=_("province")
    )
    description = models.TextField(_("description"), blank=True)
    secretariat = models.ForeignKey(
        "Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretariat"),
    )
    # A public programme shows its name, years and networks on the home page.
    is_public = models.BooleanField(_("shown on the public home page"), default=True)
    # Someone who entered or submitted a plan or a value may not approve it, unless the
    # secretariat is one person, who then does both; each such approval says so in the log.
    one_person_secretariat = models.BooleanField(
        _("allow the same person to submit and approve (one-person secretariat)"),
        default=False,
        help_text=_(
            "Only when the secretariat has one person. Otherwise whoever entered or submitted "
            "a plan or a value cannot approve it. Approvals made this way are marked in the "
            "audit log."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provincial programme")
        verbose_name_plural = _("provincial programmes")
        ordering = ["province_id"]


class ProgrammeYear(models.Model):
    programme = models.ForeignKey(Programme, models.CASCADE, related_name="years")
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    year_number = models.PositiveSmallIntegerField(_("programme year"))
    theme = models.CharField(_("theme"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")
        ordering = ["programme", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fiscal_year"],
                name="year_unique_fy",
                violation_error_message=_("This fiscal year is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["programme", "year_number"],
                name="year_unique_no",
                violation_error_message=_("This programme year is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR, fiscal_year__lte=LAST_FISCAL_YEAR),
                name="year_is_be",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} ({self.year_number})"

    @property
    def start(self) -> dt.date:
        return fiscal_year_bounds(self.fiscal_year)[0]

    @property
    def end(self) -> dt.date:
        return fiscal_year_bounds(self.fiscal_year)[1]


class OrganisationType(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")
        ordering = ["order", "code"]


class Organisation(BilingualName, ThaiSorted):
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="organisations", verbose_name=_("province")
    )
    subdistrict = models.ForeignKey(
        "geo.Subdistrict", models.PROTECT, related_name="+", verbose_name=_("subdistrict")
    )
    kind = models.ForeignKey(
        OrganisationType, models.PROTECT, related_name="+", verbose_name=_("type")
    )
    # The organisation's own code, such as a school's Ministry of Education code.
    code = models.CharField(_("code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    # Normalised Thai and English names, matched by the directory search.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["province", "sort_key"]),
            # The national directory pages through every organisation in name order.
            models.Index(fields=["sort_key", "id"]),
            models.Index(fields=["code"]),
            models.Index(fields=["province", "kind"]),
            models.Index(fields=["province", "subdistrict"]),
        ]

    def refresh_search_text(self) -> None:
        """Derive the search text and the sort key from the names."""
        self.search_text = normalise(f"{self.name_th} {self.name_en}")
        self.refresh_sort_key()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        # The sort key joins a partial save of the Thai name in `ThaiSorted.save`.
        if update_fields is not None and {"name_th", "name_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def district(self):  # type: ignore[no-untyped-def]
        return self.subdistrict.district


class Network(BilingualName):
    """A social network (เครือข่ายทางสังคม) of a province: its count and names are data."""

    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="networks", verbose_name=_("province")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("approach"), blank=True)
    chair = models.ForeignKey(
        Organisation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair organisation"),
    )
    secretariat = models.ForeignKey(
        Organisation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretariat organisation"),
    )
    members: models.ManyToManyField[Organisation, Membership] = models.ManyToManyField(
        Organisation, through="Membership", related_name="networks", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("social network")
        verbose_name_plural = _("social networks")
        ordering = ["province", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number"],
                name="network_unique_number",
                violation_error_message=_("This province already has a network with this number."),
            ),
            models.UniqueConstraint(
                fields=["province", "name_th"],
                name="network_unique_name",
                violation_error_message=_("This province already has a network with this name."),
            ),
        ]


class Membership(models.Model):
    network = models.ForeignKey(Network, models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["organisation", "network"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.network}"


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    NETWORK = "network", _("Network")
    ORGANISATION = "organisation", _("Organisation")


def unit_order(prefix: str = "") -> list[OrderBy]:
    """Order rows owned by a unit: the province's own first, then each network's, its own
    before its organisations' in Thai order. NULLs come first on every database, not only on
    SQLite, so PostgreSQL lists the same rows in the same order."""
    return [
        F(f"{prefix}network__number").asc(nulls_first=True),
        F(f"{prefix}organisation__sort_key").asc(nulls_first=True),
    ]


class UnitOwned(models.Model):
    """A row that belongs to the province itself, one of its networks or one organisation."""

    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    network = models.ForeignKey(
        "organisations.Network",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=True) | Q(organisation__isnull=True),
                name="%(class)s_one_unit",
            )
        ]

    @property
    def level(self) -> str:
        if self.organisation_id:
            return Level.ORGANISATION
        return Level.NETWORK if self.network_id else Level.PROVINCE

    @property
    def unit_name(self) -> str:
        unit = self.organisation or self.network
        return unit.name if unit else str(self.province)
