"""Write the audit log. Only services call this; views never do."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from moralprovince.audit.chain import chain_key, stored_json
from moralprovince.audit.models import AuditChainHead, AuditEntry


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """Return the given fields of a row as JSON-ready values (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted(
                (instance.pk and getattr(instance, name).values_list("pk", flat=True)) or []
            )
            continue
        attname = getattr(field, "attname", name)
        data[name] = _plain(getattr(instance, attname))
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def stored_snapshot(row: models.Model, names: list[str]) -> dict[str, Any]:
    """The row as the database has it, for the audit log's "before".

    Read again because a model form has already written the new values onto the instance.
    """
    if row.pk is None:
        return {}
    return snapshot(type(row)._default_manager.get(pk=row.pk), names)


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return only the fields whose value differs, as {"before": …, "after": …} pairs."""
    keys = set(before) | set(after)
    return {
        k: {"before": before.get(k), "after": after.get(k)}
        for k in sorted(keys)
        if before.get(k) != after.get(k)
    }


def log_action(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    province_id: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`, with the fields that changed."""
    entry = AuditEntry(
        actor=actor if isinstance(actor, get_user_model()) else None,
        actor_name=actor_name(actor),
        action=action,
        province_id=province_id,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        # Stored as it will read back, so the hash taken now matches the hash checked later.
        changes=stored_json(changed(before or {}, after or {})),
    )
    # Joins the caller's transaction; it only opens one when there is none.
    with transaction.atomic(savepoint=False):
        _append(entry)
    return entry


# Who acted when no person did, as a page names them.
ACTORS = {
    "system": gettext_lazy("system"),
    "anonymous": pgettext_lazy("audit actor", "anonymous visitor"),
}


def actor_label(name: str) -> str:
    """A stored actor name as a page shows it: "system" in the reader's language."""
    return str(ACTORS[name]) if name in ACTORS else name


def actor_name(actor: Any) -> str:
    """Who acted: a person's username; "system" for a command, the demo loader or a job
    (no account row); "anonymous" for a visitor who is not signed in (a pupil answering)."""
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return "anonymous" if getattr(actor, "is_anonymous", False) else "system"


def _append(entry: AuditEntry) -> None:
    head = _locked_head(chain_key(entry.province_id))
    entry.created_at = timezone.now()
    entry.seq = head.seq + 1
    entry.prev_hash = head.hash
    entry.hash = entry.content_hash()
    entry.save(force_insert=True)
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])


def _locked_head(key: str) -> AuditChainHead:
    # The row lock is held until the caller's transaction ends: writers to one province's log
    # queue here, so each takes the next position and links to the entry before it.
    heads = AuditChainHead.objects.select_for_update(of=("self",))
    head = heads.filter(chain=key).first()
    if head is None:
        # Two first writers may race to create the head: one insert wins, the other is ignored.
        AuditChainHead.objects.bulk_create([AuditChainHead(chain=key)], ignore_conflicts=True)
        head = heads.get(chain=key)
    return head
