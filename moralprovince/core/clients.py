"""Who is asking: the reader's network address, the same for login throttling and view counts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The reader's address: behind TRUSTED_PROXIES proxies of our own, the one the first of
    them saw; entries before it are the reader's to write, so they are never read."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))
