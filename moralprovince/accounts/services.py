"""Writes to people, roles and API tokens, each recorded in the audit log."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moralprovince.accounts import access
from moralprovince.accounts.access import Actor, SystemActor, person
from moralprovince.accounts.models import (
    NETWORK_SCOPED,
    ORGANISATION_SCOPED,
    PROVINCE_SCOPED,
    ApiToken,
    Invitation,
    InvitationStatus,
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
    if not may_grant_directly(actor, user, target_province.pk if target_province else None):
        raise ValidationError(
            {"username": _("This person works outside this province: invite them.")}
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
    user.created_by = person(actor)
    user.save()
    log_action(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        province_id=None,
        after={"username": username, "display_name": display_name, "email": email},
    )
    return user


def may_grant_directly(actor: Actor, user: User, province_id: str | None) -> bool:
    """Whether a role in this province may be given to the person without asking them.

    The system (commands, the demo) may; a person may only for someone who already has a
    role in the province, or for an account they made themselves that has no role yet.
    Anyone else is invited (`invite_person`), so that no admin attaches roles to, or learns
    the name of, someone else's account.
    """
    if isinstance(actor, SystemActor):
        return True
    roles = Role.objects.filter(user=user)
    if province_id is not None and roles.filter(province_id=province_id).exists():
        return True
    maker = person(actor)
    return maker is not None and user.created_by_id == maker.pk and not roles.exists()


@transaction.atomic
def grant_or_invite(
    *,
    actor: Actor,
    user: User,
    kind: str,
    province: Any = None,
    network: Any = None,
    organisation: Any = None,
) -> Role | Invitation:
    """Give the role if the person is already in the province, else invite them to it."""
    fields = _scope_fields(kind, province, network, organisation)
    target = fields["province"]
    if may_grant_directly(actor, user, target.pk if target else None):
        return grant_role(actor=actor, user=user, kind=kind, **fields)
    return invite_person(actor=actor, user=user, kind=kind, **fields)


def outcome_message(result: Role | Invitation) -> str:
    """What to tell the admin after `grant_or_invite`."""
    if isinstance(result, Invitation):
        return _("Invitation sent: the role is theirs once they accept it.")
    return _("Role given.")


@transaction.atomic
def invite_person(
    *,
    actor: Actor,
    user: User,
    kind: str,
    province: Any = None,
    network: Any = None,
    organisation: Any = None,
) -> Invitation:
    """Offer a person a role in a province; they accept or decline it after logging in."""
    fields = _scope_fields(kind, province, network, organisation)
    target = fields["province"]
    if target is None:
        raise ValidationError({"kind": _("A national role is not given by invitation.")})
    access.require(actor, "accounts.role.grant", (kind, target.pk))
    if Role.objects.filter(user=user, kind=kind, **fields).exists():
        raise ValidationError({"username": _("This person already has this role.")})
    invitation = Invitation.objects.filter(
        user=user, kind=kind, status=InvitationStatus.PENDING, **fields
    ).first()
    if invitation is None:
        invitation = Invitation.objects.create(
            user=user, invited_by=person(actor), username=user.username, kind=kind, **fields
        )
        log_action(
            actor=actor,
            action="accounts.invitation.created",
            obj=invitation,
            province_id=target.pk,
            after={"user": user.pk, "kind": kind, "scope": invitation.scope_label},
        )
        if user.email:
            transaction.on_commit(partial(_mail_invitation, invitation.pk))
    return invitation


def _mail_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("user", "province").get(pk=invitation_id)
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[invitation.token])
    with translation.override("th"):
        context = {"invitation": invitation, "link": link}
        subject = _("Invitation to a role in %(province)s") % {"province": invitation.province}
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.user.email])


def answer_invitation(*, actor: Actor, invitation: Invitation, accept: bool) -> Role | None:
    """Accept (the role is given) or decline an invitation addressed to the actor."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if person(actor) != invitation.user:
            raise access.NotAllowed("accounts.invitation.answer")
        if not invitation.is_open:
            raise ValidationError(_("This invitation is no longer open."))
        inviter = invitation.invited_by
        if accept and (inviter is None or not _still_may_grant(inviter, invitation)):
            raise ValidationError(_("The person who invited you can no longer give this role."))
        invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        log_action(
            actor=actor,
            action=f"accounts.invitation.{invitation.status}",
            obj=invitation,
            province_id=invitation.province_id,
            after={"status": invitation.status},
        )
        if not accept:
            return None
        role, _created = Role.objects.get_or_create(
            user=invitation.user,
            kind=invitation.kind,
            province=invitation.province,
            network=invitation.network,
            organisation=invitation.organisation,
        )
        log_action(
            actor=actor,
            action="accounts.role.created",
            obj=role,
            province_id=role.province_id,
            after={"user": role.user_id, "kind": role.kind, "scope": role.scope_label},
        )
    forget_scope(actor)
    return role


def _still_may_grant(inviter: User, invitation: Invitation) -> bool:
    forget_scope(inviter)
    return access.can(inviter, "accounts.role.grant", (invitation.kind, invitation.province_id))


@transaction.atomic
def cancel_invitation(*, actor: Actor, invitation: Invitation) -> None:
    """Withdraw an invitation that has not been answered."""
    access.require(actor, "accounts.invitation.cancel", invitation)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation is no longer open."))
    invitation.status = InvitationStatus.CANCELLED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    log_action(
        actor=actor,
        action="accounts.invitation.cancelled",
        obj=invitation,
        province_id=invitation.province_id,
        after={"status": invitation.status},
    )


def create_api_token(
    *, actor: Actor, user: User, name: str = "", days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for a person; return the row and the token, which is shown only once."""
    access.require(actor, "accounts.api_token.create", person(actor) == user)
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("A token lives from 1 to %(max)s days.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    raw = ApiToken.generate()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    log_action(
        actor=actor,
        action="accounts.api_token.created",
        obj=token,
        province_id=None,
        after={"name": name, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: Actor, token: ApiToken) -> None:
    """Delete a token: requests carrying it are refused from now on."""
    access.require(actor, "accounts.api_token.revoke", person(actor) == token.user)
    log_action(
        actor=actor,
        action="accounts.api_token.deleted",
        obj=token,
        province_id=None,
        before={"name": token.name, "expires_at": token.expires_at.isoformat()},
    )
    token.delete()


def log_password_change(*, actor: Actor, user: User, how: str) -> None:
    """Record that a person's password was changed (`how`: changed or reset)."""
    log_action(
        actor=actor, action=f"accounts.user.password_{how}", obj=user, province_id=None, after={}
    )
