"""`/healthz`: whether this app server can serve, for a load balancer.

It answers 200 when the database answers and the file storage takes a write, 503 when one
does not. The queue is reported too (jobs waiting, the oldest wait): a queue that has waited
long means no worker is running, which the app server itself cannot fix, so it does not turn
the answer into a 503. Nothing about any province is said.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from moralprovince.jobs.models import Job


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "engine": connection.vendor}


def _storage() -> dict[str, Any]:
    name = default_storage.save(f"healthz/{secrets.token_hex(8)}", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            ok = handle.read() == b"ok"
    finally:
        default_storage.delete(name)
    return {"ok": ok}


def _queue() -> dict[str, Any]:
    waiting = Job.objects.filter(status=Job.Status.QUEUED)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    wait = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {
        "ok": True,
        "waiting": waiting.count(),
        "oldest_wait_seconds": wait,
        "stalled": wait > settings.HEALTH_QUEUE_STALLED_SECONDS,
    }


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": _database,
    "storage": _storage,
    "queue": _queue,
}
# A failure of these makes the server unfit to serve.
ESSENTIAL = ("database", "storage")


def _run(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return check()
    except Exception as error:  # a health check reports every failure, whatever it is
        return {"ok": False, "error": type(error).__name__}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = {name: _run(check) for name, check in CHECKS.items()}
    healthy = all(results[name]["ok"] for name in ESSENTIAL)
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )
