"""Who sees knowledge items: published ones are public, drafts stay in their province."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from moralprovince.accounts.scope import scope_for
from moralprovince.knowledge.models import Publication
from moralprovince.knowledge.services import can_write
from moralprovince.lib.lookup import get_or_404


def items_visible_to(model: Any, user: Any) -> QuerySet[Any]:
    scope = scope_for(user)
    if scope.national:
        return model.objects.all()
    return model.objects.filter(
        Q(status=Publication.PUBLISHED) | Q(province_id__in=scope.member_provinces)
    )


def get_item_for_user(model: Any, pk: Any, user: Any, write: bool = False) -> Any:
    item = get_or_404(items_visible_to(model, user), pk)
    if write and not (
        scope_for(user).is_member_of(item.province_id) and can_write(user, item.province_id)
    ):
        raise Http404
    return item
