"""Reads shared by the directory page and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from moralprovince.lib.thaitext import search_terms
from moralprovince.organisations.models import Membership, Organisation


def filter_directory(
    qs: QuerySet[Organisation],
    *,
    q: str = "",
    province: Any = None,
    district: Any = None,
    network: Any = None,
    kind: Any = None,
) -> QuerySet[Organisation]:
    """Narrow organisations by place, network, type and Thai words in their names.

    Every word of the query must appear in the name; matching words as substrings finds a
    word inside a longer compound (เครือข่าย in เครือข่ายการสื่อสาร), which whole-word
    matching would miss.
    """
    if province is not None:
        qs = qs.filter(province=province)
    if district is not None:
        qs = qs.filter(subdistrict__district=district)
    if network is not None:
        qs = qs.filter(pk__in=Membership.objects.filter(network=network).values("organisation_id"))
    if kind is not None:
        qs = qs.filter(kind=kind)
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    return qs
