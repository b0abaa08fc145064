"""Fetching one row for a person: unknown, hidden and malformed ids all look the same."""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)

# Ids are 64-bit on every table; a larger number never names a row.
MAX_ID = 2**63 - 1


def is_row_id(value: object) -> bool:
    """Whether a submitted value can be a row's id, checked before any query uses it."""
    text = str(value)
    return len(text) <= 19 and text.isdigit() and 1 <= int(text) <= MAX_ID


def get_or_404(qs: QuerySet[M], pk: Any) -> M:
    """The row of this (already scoped) queryset with this id, or a 404."""
    try:
        return qs.get(pk=int(pk))
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None
