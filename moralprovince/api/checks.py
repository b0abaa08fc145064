"""Checking what API clients send before any query runs: query-string filters, ids, the
request body, page sizes; and the few refusals Django REST framework words only in English.

A bad value gets a 400 that names the parameter or field, in the caller's language; it never
reaches the database, where a NUL byte or a number past 64 bits would fail as a 500.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, parsers
from rest_framework.response import Response

from moralprovince.lib.fiscal import fiscal_year_message, is_fiscal_year
from moralprovince.lib.lookup import MAX_ID

# Ids are 64-bit on every table (`DEFAULT_AUTO_FIELD`).
PROVINCE_CODE = re.compile(r"[0-9]{2}")
# Longer free text in a filter is cut by the search anyway; beyond this it is refused.
MAX_PARAM_LENGTH = 2000


def refuse(name: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({name: [message]})


def _raw(params: Any, name: str) -> str | None:
    raw = params.get(name)
    return raw if raw else None


def id_param(params: Any, name: str) -> int | None:
    """A row id from the query string, or None when absent."""
    raw = _raw(params, name)
    if raw is None:
        return None
    value = whole_number(raw)
    if value is None or not 1 <= value <= MAX_ID:
        raise refuse(name, _("Expected an id (a whole number)."))
    return value


def fiscal_year_param(params: Any, name: str = "fiscal_year") -> int | None:
    raw = _raw(params, name)
    if raw is None:
        return None
    value = whole_number(raw)
    if not is_fiscal_year(value):
        raise refuse(name, fiscal_year_message())
    return value


def province_param(params: Any, name: str = "province") -> str | None:
    raw = _raw(params, name)
    if raw is None:
        return None
    if not PROVINCE_CODE.fullmatch(raw):
        raise refuse(name, _("A province is named by its two-digit code, for example 84."))
    return raw


def text_param(params: Any, name: str) -> str:
    raw = params.get(name, "")
    if "\x00" in raw or len(raw) > MAX_PARAM_LENGTH:
        raise refuse(name, _("This text cannot be searched: it is too long or has a NUL byte."))
    return str(raw)


def whole_number(raw: Any) -> int | None:
    """A whole number written in Arabic or Thai digits, or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if not isinstance(raw, str) or len(raw) > 30:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


class JSONParser(parsers.JSONParser):
    """JSON bodies, refused in the caller's language when they are not JSON."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise exceptions.ParseError(
                _("The request body is not valid JSON: send the fields as a JSON object.")
            ) from None


class Pagination(pagination.LimitOffsetPagination):
    """Pages of at most 1,000 rows; a limit or an offset that is not such a count is refused."""

    max_limit = 1000
    # Past this offset there is no row in any table of ours; it is refused, not counted.
    max_offset = 10**12

    def get_limit(self, request: Any) -> int:
        raw = request.query_params.get(self.limit_query_param)
        if not raw:
            return int(self.default_limit or 0)
        value = whole_number(raw)
        if value is None or not 1 <= value <= self.max_limit:
            raise refuse(
                self.limit_query_param,
                _("Enter a whole number from 1 to %(max)s.") % {"max": f"{self.max_limit:,}"},
            )
        return value

    def get_offset(self, request: Any) -> int:
        raw = request.query_params.get(self.offset_query_param)
        if not raw:
            return 0
        value = whole_number(raw)
        if value is None or not 0 <= value <= self.max_offset:
            raise refuse(self.offset_query_param, _("Enter a whole number from 0."))
        return value


class KeysetPages(pagination.CursorPagination):
    """Pages of the big lists (activity reports, indicator values) by position instead of
    offset: page 20,000 costs what page 1 costs, and no count of every visible row is made.
    Follow `next`; `limit` sets the page's size (at most 1,000)."""

    ordering = "pk"
    page_size_query_param = "limit"
    max_page_size = 1000

    def decode_cursor(self, request: Any) -> Any:
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise refuse(
                self.cursor_query_param,
                _("This page link is not valid: start again from the first page."),
            ) from None


# Refusals that Django REST framework writes without a translation, by their code.
UNTRANSLATED = {
    "null": lambda: _("Send the fields as a JSON object."),
}


def exception_handler(exc: Exception, context: Any) -> Response | None:
    """DRF's answer, with its untranslated refusals put in the caller's language."""
    # Imported here: DRF's views read the parser setting, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _translated(response.data)
    return response


def _translated(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _translated(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_translated(value) for value in data]
    code = getattr(data, "code", None)
    if code in UNTRANSLATED and str(data) == "No data provided":
        return exceptions.ErrorDetail(UNTRANSLATED[code](), code=code)
    return data
