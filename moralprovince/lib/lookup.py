"""Fetching one row for a person: unknown, hidden and malformed ids all look the same."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404


def get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    """The row of this (already scoped) queryset with this id, or a 404."""
    try:
        return qs.get(pk=int(pk))
    except (ValueError, TypeError, qs.model.DoesNotExist):
        raise Http404 from None
