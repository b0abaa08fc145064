"""Writes to people, roles and API tokens, each recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moralprovince.accounts import access
from moralprovince.accounts.access import Actor, person
from moralprovince.accounts.models import (
    NETWORK_SCOPED,
    ORGANISATION_SCOPED,
    PROVINCE_SCOPED,
    ApiToken,
    Role,
    RoleKind,
    User,
    hash_token,
)
from moralprovince.accounts.scope import forget_scope
from moralprovince.audit.services import log_action


def _scope_fields(kind: str, province: Any, network: Any, organisation: Any) -> dict[str, Any]:
    """Return the scope columns a role of this kind takes, or raise naming the missing field."""
    if kind == RoleKind.NATIONAL_ADMIN:
        return {"province": None, "network": None, "organisation": None}
    if kind in NETWORK_SCOPED or (kind == RoleKind.VIEWER and network and not organisation):
        if network is None:
            raise ValidationError({"network": _("Choose the network this role is for.")})
        return {"province": network.province, "network": network, "organisation": None}
    if kind in ORGANISATION_SCOPED or (kind == RoleKind.VIEWER and organisation):
        if organisation is None:
            raise ValidationError({"organisation": _("Choose the organisation this role is for.")})
        return {"province": organisation.province, "network": None, "organisation": organisation}
    if kind in PROVINCE_SCOPED or kind == RoleKind.VIEWER:
        if province is None:
            raise ValidationError({"province": _("Choose the province this role is for.")})
        return {"province": province, "network": None, "organisation": None}
    raise ValidationError({"kind": _("Unknown role.")})


@transaction.atomic
def grant_role(
    *,
    actor: Actor,
    user: User,
    kind: str,
    province: Any = None,
    network: Any = None,
    organisation: Any = None,
) -> Role:
    """Give a person a role scoped to a province, network or organisation."""
    fields = _scope_fields(kind, province, network, organisation)
    target_province = fields["province"]
    access.require(
        actor, "accounts.role.grant", (kind, target_province.pk if target_province else None)
    )
    role, created = Role.objects.get_or_create(user=user, kind=kind, **fields)
    if created:
        log_action(
            actor=actor,
            action="accounts.role.created",
            obj=role,
            province_id=target_province.pk if target_province else None,
            after={"user": user.pk, "kind": kind, "scope": role.scope_label},
        )
    forget_scope(user)
    return role


@transaction.atomic
def revoke_role(*, actor: Actor, role: Role) -> None:
    """Take a role away from a person."""
    access.require(actor, "accounts.role.revoke", role)
    log_action(
        actor=actor,
        action="accounts.role.deleted",
        obj=role,
        province_id=role.province_id,
        before={"user": role.user_id, "kind": role.kind, "scope": role.scope_label},
    )
    role.delete()
    forget_scope(role.user)


@transaction.atomic
def create_person(
    *, actor: Actor, username: str, display_name: str, email: str, password: str | None
) -> User:
    """Create an account; without a password it cannot log in until one is set."""
    access.require(actor, "accounts.person.create")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, display_name=display_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    log_action(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        province_id=None,
        after={"username": username, "display_name": display_name, "email": email},
    )
    return user


def create_api_token(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for a person; return the row and the token, which is shown only once."""
    access.require(actor, "accounts.api_token.create", person(actor) == user)
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(raw))
    log_action(
        actor=actor,
        action="accounts.api_token.created",
        obj=token,
        province_id=None,
        after={"name": name},
    )
    return token, raw
