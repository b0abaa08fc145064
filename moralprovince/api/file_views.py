"""Stored files through the API: the files view's answer, for the token's person."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from moralprovince.core.files import file_response


class FileView(APIView):
    """A photo, document or report the person may see, as the site's files view gives it;
    a 404 for any other. Its address is the one the API's records give (`document`…)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, kind: str, pk: int, name: str) -> FileResponse:
        return file_response(request.user, kind, pk)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The answer is the file itself, whatever the client says it accepts.
        return super().perform_content_negotiation(request, force=True)
