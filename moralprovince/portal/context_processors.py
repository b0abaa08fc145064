from typing import Any

from django.http import HttpRequest

from moralprovince.core.textsize import text_size_of
from moralprovince.geo.services import GEOTHAI_CREDIT
from moralprovince.portal import access


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "text_size": text_size_of(request),
        "geothai_credit": GEOTHAI_CREDIT,
        "can_read_national_log": access.can(request.user, "portal.read_log", None),
    }
