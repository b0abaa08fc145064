"""Who is acting, and the one way every app asks whether they may do a thing.

Each app keeps its rules in its own `access.py`, in one table: a dotted action
("plans.approve") mapped to a predicate of the actor's scope and the object. Pages, the API,
services and the admin all ask through that app's `can()` / `require()`; nothing else checks
roles. A person is an `Actor`; commands, the demo loader and background jobs act as an
explicit `SystemActor` instead of passing `None`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from moralprovince.accounts.models import Invitation, Role, RoleKind, User
from moralprovince.accounts.scope import SYSTEM, Scope, SystemActor, scope_for

__all__ = [
    "SYSTEM",
    "Actor",
    "NotAllowed",
    "Rule",
    "Rules",
    "SystemActor",
    "allowed",
    "enforce",
    "or_404",
    "person",
    "scope_for",
]


Actor: TypeAlias = User | AnonymousUser | SystemActor
Rule: TypeAlias = Callable[[Scope, Any], bool]
Rules: TypeAlias = Mapping[str, Rule]


class NotAllowed(PermissionDenied):
    """The actor may not do this; pages and the API answer 403 (or 404 where they hide rows)."""


def person(actor: Actor) -> User | None:
    """The account behind the actor, for "entered by" columns; None for the system."""
    return actor if isinstance(actor, User) else None


def allowed(rules: Rules, actor: Actor, action: str, obj: Any = None) -> bool:
    """Whether the actor may do `action` to `obj` under one app's rule table.

    An action missing from the table is a programming error, never a silent yes or no.
    """
    rule = rules[action]
    return rule(scope_for(actor), obj)


def enforce(rules: Rules, actor: Actor, action: str, obj: Any = None) -> None:
    """Raise NotAllowed unless the actor may do `action` to `obj`."""
    if not allowed(rules, actor, action, obj):
        raise NotAllowed(action)


def or_404(rules: Rules, actor: Actor, action: str, obj: Any) -> Any:
    """The object, if the actor may do `action` to it; otherwise a 404 that reveals nothing."""
    if not allowed(rules, actor, action, obj):
        raise Http404
    return obj


# --- the accounts app's own rules -----------------------------------------------------------


def _grants(scope: Scope, grant: tuple[str, str | None]) -> bool:
    """National admins give any role; province admins give roles within their province."""
    kind, province_id = grant
    if kind == RoleKind.NATIONAL_ADMIN or province_id is None:
        return scope.national
    return scope.can_admin_province(province_id)


def _revokes(scope: Scope, role: Role) -> bool:
    return _grants(scope, (role.kind, role.province_id))


def _cancels(scope: Scope, invitation: Invitation) -> bool:
    return _grants(scope, (invitation.kind, invitation.province_id))


RULES: Rules = {
    # A person makes tokens for their own account; the system (a command) for anyone's.
    "accounts.api_token.create": lambda scope, for_self: bool(for_self) or scope.national,
    # Only the owner revokes a token on their page (tokens also die with the roles).
    "accounts.api_token.revoke": lambda scope, own: bool(own),
    # A person's account is made by an admin who is about to give them a role.
    "accounts.person.create": lambda scope, _obj: scope.national or bool(scope.admin_provinces),
    "accounts.role.grant": _grants,
    "accounts.role.revoke": _revokes,
    "accounts.invitation.cancel": _cancels,
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)
