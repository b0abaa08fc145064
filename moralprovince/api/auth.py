"""`Authorization: Bearer <token>` for the API; tokens are looked up by their SHA-256.

A token is refused once it has expired, once its owner changed their password after it was
made, and while its owner has no role at all (their roles were all taken away).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from moralprovince.accounts.models import ApiToken, hash_token
from moralprovince.accounts.scope import scope_for

# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2 or not parts[1].startswith(ApiToken.PREFIX):
            raise exceptions.AuthenticationFailed(_("Malformed token."))
        token = (
            ApiToken.objects.select_related("user").filter(token_hash=hash_token(parts[1])).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired: make a new one."))
        if token.outlived_password:
            raise exceptions.AuthenticationFailed(
                _("This token ended when the password was changed: make a new one.")
            )
        if scope_for(token.user).is_empty:
            raise exceptions.AuthenticationFailed(_("This token's owner has no role any more."))
        self._touch(token)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "moralprovince.api.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}
