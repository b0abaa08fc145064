"""People, their scoped roles and their API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    # API tokens made before this time stop working: a new password ends them all.
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # Who made the account: they may give it its first role without an invitation.
    created_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("made by")
    )

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def set_password(self, raw_password: str | None) -> None:
        """Set the password and note when, so that older API tokens stop working.

        Every way Django changes a password (the change and reset pages, the admin,
        `changepassword`) goes through here. Django's rehash of a stored password on login
        also does, but saves only `password`, so tokens outlive a hasher upgrade.
        """
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


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


def default_token_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """An API token; only its SHA-256 is stored, the token itself is shown once.

    It works until it expires, its owner revokes it or changes their password, or its
    owner has no role left.
    """

    PREFIX = "mp_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name or self.pk}"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def outlived_password(self) -> bool:
        """The owner changed their password after this token was made."""
        changed = self.user.password_changed_at
        return changed is not None and changed > self.created_at

    @property
    def works(self) -> bool:
        return not self.is_expired and not self.outlived_password


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


def default_invitation_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS)


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A role offered to a person from outside the province; it is theirs once they accept.

    A province admin never gives a role to someone else's account directly: the person
    sees the invitation after logging in (or follows the link in its e-mail) and accepts
    or declines it. Until then the province learns nothing about them but the username it
    typed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="invitations",
        verbose_name=_("person"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    # The username as the admin typed it: what the province's page shows until acceptance.
    username = models.CharField(_("username"), max_length=150)
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    province = models.ForeignKey("geo.Province", models.CASCADE, verbose_name=_("province"))
    network = models.ForeignKey(
        "organisations.Network", models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", models.CASCADE, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=default_invitation_expiry)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self) -> str:
        return f"{self.username} · {self.get_kind_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        target: Any = self.organisation or self.network or self.province
        return str(target)

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at > timezone.now()
