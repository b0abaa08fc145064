"""The one audit log: who changed what, when, and the values before and after.

Entries are written once and never changed: each province's entries form a hash chain
(see `chain.py`), the model and its queryset refuse updates and deletes, and on PostgreSQL a
trigger refuses them to SQL as well. The one change allowed is the one Django makes when a
person's account is deleted: their entries keep their name and lose the link to the account.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moralprovince.audit.chain import CHAINED_FIELDS, entry_hash


class AppendOnlyError(RuntimeError):
    """Audit entries are written once and never changed or removed."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    # Deleting a person still works: Django sets `actor` to NULL through the model's base
    # manager, a plain one, not through this queryset.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be changed")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are added one by one through log_action")


class AuditEntry(models.Model):
    # Set by log_action when the entry joins its chain, so the hash covers the stored time.
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
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
    seq = models.PositiveBigIntegerField(_("position in chain"), editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        # Province admins read their province's log newest first.
        indexes = [models.Index(fields=["province", "-created_at"])]
        # One entry per position in a chain: a second writer cannot fork it. Two partial
        # constraints because the national chain's province is NULL, and NULLs never clash.
        constraints = [
            models.UniqueConstraint(
                fields=["province", "seq"],
                condition=Q(province__isnull=False),
                name="audit_one_entry_per_province_seq",
            ),
            models.UniqueConstraint(
                fields=["seq"],
                condition=Q(province__isnull=True),
                name="audit_one_entry_per_national_seq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")

    def content_hash(self) -> str:
        """Return the hash of this entry's content and its link to the entry before it."""
        return entry_hash({name: getattr(self, name) for name in CHAINED_FIELDS})


class AuditChainHead(models.Model):
    """The position and hash of the newest entry of one chain.

    log_action locks this row while it appends, so two writers to one province queue instead
    of forking the chain; and the check compares it with the last entry, so removing the
    newest entries is seen too.
    """

    # A province code, or "national" for the entries that belong to no province.
    chain = models.CharField(_("chain"), max_length=16, primary_key=True)
    seq = models.PositiveBigIntegerField(_("last position"), default=0)
    hash = models.CharField(_("last hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"
