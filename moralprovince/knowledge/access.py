"""Who sees and writes knowledge: the one rule table of news, cases, assemblies and research.

An item is seen by everyone at the national level, by the people of its province (drafts
too), and by anyone else once it is published, if its province's programme is public. A
private programme's published items stay inside the province, on every path: pages, feeds,
the search and the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed, enforce, or_404
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.knowledge.models import Publication, SearchEntry
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.access import is_province_code, public_programmes
from moralprovince.organisations.models import Network, Programme

Row = TypeVar("Row", bound=models.Model)


def _writes(scope: Scope, obj: Any) -> bool:
    """Admins, evaluators and the coordinators of a network of this very province."""
    province_id = obj.province_id
    return (
        scope.can_admin_province(province_id)
        or province_id in scope.evaluator_provinces
        or _coordinates_in(scope, province_id)
    )


def _coordinates_in(scope: Scope, province_id: str) -> bool:
    """Whether the person coordinates a network of this province.

    The network's own province decides, not the province written on the role row, so that a
    role in one province can never open another, whatever that column says. The query runs
    only for people who coordinate somewhere.
    """
    if province_id not in scope.coordinator_provinces:
        return False
    networks = Network.objects.filter(pk__in=scope.coordinated_networks, province_id=province_id)
    return networks.exists()


def _admins(scope: Scope, obj: Any) -> bool:
    return scope.can_admin_province(obj.province_id)


def _sees_programme(scope: Scope, programme: Programme) -> bool:
    return programme.is_public or scope.is_member_of(programme.province_id)


# Each rule is given the object acted on: an item, or the programme or organisation whose
# province it is in; the province decides.
RULES: Rules = {
    # Write the province's items, their resolutions, photos and documents: its writers.
    "knowledge.write": _writes,
    # Publish, take back to draft or delete an item: the province's admins only.
    "knowledge.publish": _admins,
    "knowledge.delete": _admins,
    # Record that an organisation of the province took up a resolution: its writers.
    "knowledge.resolution.adopt": _writes,
    # A programme's public page: anyone when the programme is public, its own people if not.
    "knowledge.programme.view": _sees_programme,
    # The feeds are read by programs that never sign in, so they serve public programmes only.
    "knowledge.feed.view": lambda scope, programme: programme.is_public,
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


@dataclass(frozen=True)
class Visibility:
    """Whose items an actor sees: everything (the national level), or every item of the
    provinces in `every` and the published items of the provinces in `published`."""

    everything: bool
    every: frozenset[str] = frozenset()
    # The provinces of public programmes: a subquery in the querysets, a list in the search.
    published: Iterable[str] = ()


def visibility(actor: Actor) -> Visibility:
    """The whole rule of who sees which items, read by the querysets and by the search."""
    scope = scope_for(actor)
    if scope.national:
        return Visibility(everything=True)
    return Visibility(
        everything=False,
        every=scope.member_provinces,
        published=public_programmes().values_list("province_id", flat=True),
    )


def visible_to(actor: Actor, model: type[Row]) -> QuerySet[Row]:
    """The rows of a knowledge model (or of the search index) the actor may see."""
    rows = model._default_manager.all()
    seen = visibility(actor)
    if seen.everything:
        return rows
    published = Q(published=True) if model is SearchEntry else Q(status=Publication.PUBLISHED)
    return rows.filter(
        Q(province_id__in=seen.every) | (published & Q(province_id__in=seen.published))
    )


def get_item_for_user(model: type[Row], pk: Any, actor: Actor, action: str | None = None) -> Row:
    """The item if the actor sees it and, given an action ("knowledge.write"…), may do it;
    otherwise a 404 that reveals nothing."""
    item = get_or_404(visible_to(actor, model), pk)
    if action is not None:
        or_404(RULES, actor, action, item)
    return item


def get_programme(actor: Actor, code: str, action: str) -> Programme:
    """The province's programme, if the actor may do `action` to it (see its page, read its
    feed); otherwise a 404."""
    if not is_province_code(code):
        raise Http404
    programme = Programme.objects.select_related("province").filter(province_id=code).first()
    if programme is None or not can(actor, action, programme):
        raise Http404
    return programme
