"""Who reads the audit log: a province's admins read its entries, national staff read all."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed
from moralprovince.audit.models import AuditEntry
from moralprovince.organisations.access import get_programme_for_user
from moralprovince.organisations.models import Programme

RULES: Rules = {
    # The Django admin (a read-only back office) is for national staff.
    "portal.back_office": lambda scope, _obj: scope.national,
    # Whether the person holds any role yet (the home page tells them whom to ask).
    "portal.has_role": lambda scope, _obj: not scope.is_empty,
    # National staff read every province; their home page says so.
    "portal.reads_every_province": lambda scope, _obj: scope.national,
    # `province_id` None is the national log, across every province.
    "portal.read_log": lambda scope, province_id: (
        scope.national if province_id is None else scope.can_admin_province(province_id)
    ),
}


def can(actor: Actor, action: str, obj: object = None) -> bool:
    return allowed(RULES, actor, action, obj)


def get_log_programme(actor: Actor, code: str) -> Programme:
    """The programme whose log the actor reads, or a 404."""
    if not can(actor, "portal.read_log", code):
        raise Http404
    return get_programme_for_user(actor, code)


def log_entries(actor: Actor, province_id: str | None) -> QuerySet[AuditEntry]:
    """Entries of one province (or all, for the national log) if the actor may read them."""
    if not can(actor, "portal.read_log", province_id):
        raise Http404
    entries = AuditEntry.objects.all()
    return entries if province_id is None else entries.filter(province_id=province_id)
