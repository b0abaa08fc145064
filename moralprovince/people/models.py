"""People the programme works with who have no account, and its partner institutions.

Trainees, trainers and meeting participants are adults outside an organisation's own staff:
their personal data is held for a recorded purpose with their consent, and can be erased
(the name replaced, the figures kept).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other / not stated")


class Person(models.Model):
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.OTHER)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # Contact details are shown only to the province's staff.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_purpose = models.CharField(_("purpose of keeping the data"), max_length=300, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # Set when the person's data was erased: the row stays so figures keep their count.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["province", "name_th"])]

    def __str__(self) -> str:
        return self.name_th


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    AGENCY = "agency", _("Government agency")
    FOUNDATION = "foundation", _("Foundation")
    OTHER = "other", _("Other")


class Partner(models.Model):
    """An institution that works with the province's programme: a university, an agency, a
    foundation. Its roles (research, evaluation, training, funding) are ticked, not typed."""

    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.OTHER
    )
    does_research = models.BooleanField(_("research"), default=False)
    does_evaluation = models.BooleanField(_("evaluation"), default=False)
    does_training = models.BooleanField(_("training"), default=False)
    does_funding = models.BooleanField(_("funding"), default=False)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(_("listed on the public province page"), default=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["province", "name_th"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name_th
