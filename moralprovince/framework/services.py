"""Writes to the national framework; only national admins reach them (checked by callers)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from moralprovince.accounts.access import Actor
from moralprovince.audit.services import log_action, snapshot

FIELDS = {
    "virtue": ["code", "name_th", "name_en", "description", "valid_from", "valid_to", "order"],
    "masterplan": ["name_th", "name_en", "start_year", "end_year"],
    "strategy": ["master_plan", "number", "name_th", "name_en", "description"],
}


@transaction.atomic
def save_framework_item(*, actor: Actor, item: models.Model, data: dict[str, Any]) -> models.Model:
    """Create or change a virtue, master plan or strategy."""
    fields = FIELDS[item._meta.model_name or ""]
    created = item.pk is None
    before = {} if created else snapshot(item, fields)
    for name in fields:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean()
    item.save()
    verb = "created" if created else "updated"
    log_action(
        actor=actor,
        action=f"framework.{item._meta.model_name}.{verb}",
        obj=item,
        province_id=None,
        before=before,
        after=snapshot(item, fields),
    )
    return item
