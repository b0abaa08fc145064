"""People, their scoped roles and their API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class RoleKind(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National admin")
    PROVINCE_ADMIN = "province_admin", _("Province admin")
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    ORGANISATION_REPORTER = "organisation_reporter", _("Organisation reporter")
    EVALUATOR = "evaluator", _("Evaluator (academic partner)")
    VIEWER = "viewer", _("Viewer")


# What each kind of role is scoped to; the database enforces it below.
PROVINCE_SCOPED = {RoleKind.PROVINCE_ADMIN, RoleKind.EVALUATOR}
NETWORK_SCOPED = {RoleKind.NETWORK_COORDINATOR}
ORGANISATION_SCOPED = {RoleKind.ORGANISATION_REPORTER}


class Role(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    # Every scoped role carries its province, so "who works in this province" is one filter.
    province = models.ForeignKey(
        "geo.Province", models.CASCADE, null=True, blank=True, verbose_name=_("province")
    )
    network = models.ForeignKey(
        "organisations.Network",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("network"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(
                        kind=RoleKind.NATIONAL_ADMIN,
                        province__isnull=True,
                        network__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        kind__in=[RoleKind.PROVINCE_ADMIN, RoleKind.EVALUATOR],
                        province__isnull=False,
                        network__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        kind=RoleKind.NETWORK_COORDINATOR,
                        province__isnull=False,
                        network__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        kind=RoleKind.ORGANISATION_REPORTER,
                        province__isnull=False,
                        network__isnull=True,
                        organisation__isnull=False,
                    )
                    | Q(
                        kind=RoleKind.VIEWER,
                        province__isnull=False,
                    )
                    & ~Q(network__isnull=False, organisation__isnull=False)
                ),
            ),
        ]
        indexes = [models.Index(fields=["province", "kind"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        target = self.organisation or self.network or self.province
        return str(target) if target else str(_("whole country"))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token; only its SHA-256 is stored, the token itself is shown once."""

    PREFIX = "mp_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.name or self.pk}"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
