"""Certificates (เกียรติบัตร) of assessments and training, and who signs them per province."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not
# mistaken; 20 characters carry 100 random bits, beyond any guessing.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The stored form of a code as a person typed it (dashes, spaces, small letters, O for
    zero), or None when it cannot be one."""
    code = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def standing(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    # The source: a kind registered in `sources` and the id of its row (an assessment, an
    # enrolment). Not a foreign key, so that this app depends on none of them.
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    # What is printed, kept as it was on the day of issue: a later change of the source does
    # not change a certificate already handed out.
    holder_name = models.CharField(_("holder"), max_length=300)
    title_lines = models.JSONField(_("what it certifies"), default=list)
    level_label = models.CharField(_("level"), max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    issued_on = models.DateField(_("issued on"))
    # [{"name": …, "position": …}] in signing order, as the province had them that day.
    signatories = models.JSONField(default=list)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # Issuing twice returns the standing certificate; after a revocation the same
            # object may be certified again, under a new code.
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_standing_per_object",
            ),
        ]
        # The province's list, filtered by kind and year.
        indexes = [models.Index(fields=["province", "kind", "fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.holder_name} ({self.display_code})"

    @property
    def display_code(self) -> str:
        """The code in groups of four, as printed: 7K3M-…"""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_standing(self) -> bool:
        return self.revoked_at is None


class Signatory(models.Model):
    """A person who signs the province's certificates, as kept by its admins."""

    province = models.ForeignKey("geo.Province", models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["province", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.position}"
