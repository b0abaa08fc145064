"""Read the audit log's chains back and check them."""

from __future__ import annotations

from collections.abc import Iterator

from moralprovince.audit.chain import CHAINED_FIELDS, NATIONAL, ChainCheck, Head, check_chain
from moralprovince.audit.models import AuditChainHead, AuditEntry
from moralprovince.geo.models import Province

# Rows fetched per round trip; on PostgreSQL `.iterator()` streams through a server cursor.
CHUNK = 5000


def check_chains(province_id: str | None = None) -> Iterator[ChainCheck]:
    """Check every chain (or one province's), yielding the result of each chain that has entries."""
    heads = {h.chain: Head(h.seq, h.hash) for h in AuditChainHead.objects.all()}
    if province_id is None:
        provinces = set(Province.objects.values_list("pk", flat=True))
        keys = sorted(provinces | set(heads) | {NATIONAL})
    else:
        keys = [province_id]
    for key in keys:
        check = check_chain(key, heads.get(key), _rows(key))
        if check.entries or key in heads:
            yield check


def _rows(key: str) -> Iterator[dict[str, object]]:
    entries = AuditEntry.objects.order_by("seq")
    if key == NATIONAL:
        entries = entries.filter(province__isnull=True)
    else:
        entries = entries.filter(province_id=key)
    # Only the hashed columns, the id and the hash: the account link is not needed.
    return entries.values("id", "hash", *CHAINED_FIELDS).iterator(chunk_size=CHUNK)
