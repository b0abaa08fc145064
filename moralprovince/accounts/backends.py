"""Login throttling: django-axes in front of Django's own password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest

from moralprovince.core.clients import client_address


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out username and address before their password is checked.

    Only logins from a web request are throttled: django-axes needs the request to know the
    address, and `authenticate()` without one (the test client, a management command) is not
    someone guessing passwords over the network.
    """

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)  # type: ignore[no-any-return]


def client_ip(request: HttpRequest) -> str | None:
    """The address django-axes counts failed logins by (see core.clients)."""
    return client_address(request) or None
