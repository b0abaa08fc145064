"""Fetching one row for a person: unknown, hidden and malformed ids all look the same."""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_or_404(qs: QuerySet[M], pk: Any) -> M:
    """The row of this (already scoped) queryset with this id, or a 404."""
    try:
        return qs.get(pk=int(pk))
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None
