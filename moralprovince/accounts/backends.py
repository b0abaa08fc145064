"""Login throttling: django-axes in front of Django's own password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


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
    """The client's address: from the proxy's header if one is trusted, else the socket's.

    Behind a reverse proxy every request comes from the proxy; set TRUSTED_PROXY_HEADER to
    the META name of the header it sets (e.g. HTTP_X_REAL_IP), and only then.
    """
    header = settings.TRUSTED_PROXY_HEADER
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
