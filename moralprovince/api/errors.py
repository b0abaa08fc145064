"""The site's 404 for an address that names nothing: JSON under the API, the page elsewhere.

An API client that sends an id the routes cannot read (`/api/v1/plans/1.5/`) or a path one
level too deep gets the same JSON refusal as for a row out of reach, not an HTML page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework.exceptions import NotFound

API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception: Any) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
