from typing import Any

from django.http import HttpRequest

from moralprovince.accounts.scope import scope_for
from moralprovince.core.textsize import text_size_of
from moralprovince.geo.services import GEOTHAI_CREDIT


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "text_size": text_size_of(request),
        "geothai_credit": GEOTHAI_CREDIT,
        "scope": scope_for(request.user),
    }
