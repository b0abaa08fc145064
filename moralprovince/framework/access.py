"""The national framework (virtues, master plans, strategies): everyone reads it, national
admins change it."""

from __future__ import annotations

from typing import Any

from moralprovince.accounts.access import Actor, Rules, allowed, enforce

RULES: Rules = {
    "framework.edit": lambda scope, _item: scope.national,
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)
