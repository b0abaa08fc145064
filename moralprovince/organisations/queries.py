"""Reads shared by the directory page, the API and the review of other apps."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from moralprovince.lib.thaitext import search_terms
from moralprovince.organisations.models import Membership, Organisation, Programme


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
    return name_search(qs, search_terms(q))


# The trigram index finds substrings of three characters or more.
INDEXED_TERM = 3


def name_search(qs: QuerySet[Organisation], terms: list[str]) -> QuerySet[Organisation]:
    """Organisations whose name holds every term, through the name index (see migration
    0005): on PostgreSQL the trigram index serves `contains`; on SQLite the FTS5 trigram
    table finds the rows first."""
    rest = terms
    if connection.vendor == "sqlite":
        indexed = [t for t in terms if len(t) >= INDEXED_TERM]
        rest = [t for t in terms if len(t) < INDEXED_TERM]
        if indexed:
            match = " AND ".join('"' + t.replace('"', '""') + '"' for t in indexed)
            qs = qs.filter(pk__in=RawSQL(NAME_MATCH, [match]))
    for term in rest:
        qs = qs.filter(search_text__contains=term)
    return qs


NAME_MATCH = "SELECT rowid FROM organisations_name_fts WHERE organisations_name_fts MATCH %s"


def one_person_secretariat(province_id: str) -> bool:
    """Whether the province's programme lets one person submit and approve the same item."""
    return Programme.objects.filter(province_id=province_id, one_person_secretariat=True).exists()
