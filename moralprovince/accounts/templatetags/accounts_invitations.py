"""The invitations a province has sent, for its People page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from moralprovince.accounts import access
from moralprovince.accounts.models import Invitation, InvitationStatus

register = template.Library()


@register.inclusion_tag("accounts/_province_invitations.html", takes_context=True)
def province_invitations(context: Any, province_id: str) -> dict[str, Any]:
    """Open invitations to roles in the province, each with a way to cancel it."""
    request = context["request"]
    pending = Invitation.objects.filter(
        province_id=province_id, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).select_related("province", "network", "organisation")
    return {
        "invitations": [
            i for i in pending if access.can(request.user, "accounts.invitation.cancel", i)
        ],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
