"""Who sees knowledge items: published ones are public, drafts stay in their province."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.knowledge.models import Publication
from moralprovince.lib.lookup import get_or_404


def _writes(scope: Scope, province_id: str) -> bool:
    """Admins, evaluators and the coordinators of a network of this very province."""
    return (
        scope.can_admin_province(province_id)
        or province_id in scope.evaluator_provinces
        or province_id in scope.coordinator_provinces
    )


RULES: Rules = {
    "knowledge.write": _writes,
    "knowledge.publish": lambda scope, province_id: scope.can_admin_province(province_id),
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def items_visible_to(model: Any, user: Any) -> QuerySet[Any]:
    scope = scope_for(user)
    rows: QuerySet[Any] = model.objects.all()
    if scope.national:
        return rows
    return rows.filter(Q(status=Publication.PUBLISHED) | Q(province_id__in=scope.member_provinces))


def get_item_for_user(model: Any, pk: Any, user: Any, write: bool = False) -> Any:
    item = get_or_404(items_visible_to(model, user), pk)
    if write and not (
        scope_for(user).is_member_of(item.province_id)
        and can(user, "knowledge.write", item.province_id)
    ):
        raise Http404
    return item
