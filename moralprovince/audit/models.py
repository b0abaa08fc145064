"""The one audit log: who changed what, when, and the values before and after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    # Kept as text so the entry still says who acted after the account is deleted.
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100)
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        # Province admins read their province's log newest first.
        indexes = [models.Index(fields=["province", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"
