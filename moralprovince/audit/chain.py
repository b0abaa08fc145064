"""The hash chains that make the audit log tamper-evident, and the check that walks them.

Each province's entries form one chain, and the entries with no province form the national
chain. Entry n of a chain stores the hash of entry n-1, and its own hash covers its content and
that link. A removed row leaves a gap in the positions; an edited row no longer matches its
hash, or, if its hash was recomputed too, no longer matches the link kept by the next entry or
by the chain's head.

The account id is left out of the hash on purpose: deleting a person sets it to NULL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

# The key of the chain of entries that belong to no province.
NATIONAL = "national"

CHAINED_FIELDS = (
    "created_at",
    "actor_name",
    "action",
    "province_id",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "seq",
    "prev_hash",
)


def chain_key(province_id: str | None) -> str:
    return province_id or NATIONAL


def entry_hash(values: Mapping[str, Any]) -> str:
    """Return the sha256 hex of an entry's content fields and its link to the previous entry."""
    content = {
        "created_at": values["created_at"].astimezone(dt.UTC).isoformat(),
        "actor_name": values["actor_name"],
        "action": values["action"],
        "province": values["province_id"],
        "object_type": values["object_type"],
        "object_id": values["object_id"],
        "object_repr": values["object_repr"],
        "changes": values["changes"],
        "seq": values["seq"],
        "prev_hash": values["prev_hash"],
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_json(value: Any) -> Any:
    """Return a JSON value as the database will give it back, so its hash stays the same.

    PostgreSQL's jsonb gives 1e+16 back as 10000000000000000, an int, and -0.0 as 0.0: whole
    floats are stored as ints. Tuples become lists and keys become strings, as in any JSON.
    """
    return _whole_floats_as_ints(json.loads(json.dumps(value)))


def _whole_floats_as_ints(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_floats_as_ints(v) for v in value]
    return value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a chain: an English message (translated when shown) and its values."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


@dataclass
class ChainCheck:
    """Walks one chain's entries in order of position and collects what is wrong."""

    key: str
    head: Head | None
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)
    _last: Mapping[str, Any] | None = None

    def check(self, rows: Iterable[Mapping[str, Any]]) -> list[Problem]:
        for row in rows:
            self._check_row(row)
        self._check_end()
        return self.problems

    def _report(self, message: str, **params: Any) -> None:
        self.problems.append(Problem(message, {"chain": self.key, **params}))

    def _check_row(self, row: Mapping[str, Any]) -> None:
        self.entries += 1
        last = self._last
        expected = last["seq"] + 1 if last else 1
        if entry_hash(row) != row["hash"]:
            self._report(EDITED, seq=row["seq"], id=row["id"])
        if row["seq"] < expected and last:
            self._report(DUPLICATE, seq=row["seq"], id=row["id"], other=last["id"])
            return
        if row["seq"] > expected:
            self._report_gap(expected, row["seq"] - 1, before=last, after=row)
        elif last and row["prev_hash"] != last["hash"]:
            self._report(BROKEN_LINK, seq=row["seq"], id=row["id"], prev_id=last["id"])
        self._last = row

    def _report_gap(
        self, first: int, last: int, *, before: Mapping[str, Any] | None, after: Mapping[str, Any]
    ) -> None:
        where = {"first": first, "last": last, "after": after["id"]}
        if before is None:
            self._report(MISSING_AT_START if first == last else RANGE_AT_START, **where)
            return
        message = MISSING_BETWEEN if first == last else RANGE_BETWEEN
        self._report(message, before=before["id"], **where)

    def _check_end(self) -> None:
        last = self._last
        if self.head is None:
            if last:
                self._report(NO_HEAD)
            return
        seq = last["seq"] if last else 0
        if self.head.seq > seq:
            first, final = seq + 1, self.head.seq
            if last is None:
                self._report(ALL_MISSING, first=first, last=final)
            else:
                message = MISSING_AT_END if first == final else RANGE_AT_END
                self._report(message, first=first, last=final, before=last["id"])
        elif last and (self.head.seq < seq or self.head.hash != last["hash"]):
            self._report(HEAD_MISMATCH, seq=seq, id=last["id"])


def check_chain(key: str, head: Head | None, rows: Iterable[Mapping[str, Any]]) -> ChainCheck:
    """Check one chain's rows, given in order of position, against its head."""
    checker = ChainCheck(key, head)
    checker.check(rows)
    return checker


EDITED = gettext_noop(
    "%(chain)s: entry %(seq)s (id %(id)s) does not match its hash: it was changed after it "
    "was written."
)
DUPLICATE = gettext_noop("%(chain)s: entry %(seq)s appears twice (id %(other)s and id %(id)s).")
BROKEN_LINK = gettext_noop(
    "%(chain)s: entry %(seq)s (id %(id)s) does not link to the entry before it (id "
    "%(prev_id)s): one of them was changed."
)
MISSING_BETWEEN = gettext_noop(
    "%(chain)s: entry %(first)s is missing, between id %(before)s and id %(after)s."
)
RANGE_BETWEEN = gettext_noop(
    "%(chain)s: entries %(first)s to %(last)s are missing, between id %(before)s and id %(after)s."
)
MISSING_AT_START = gettext_noop("%(chain)s: entry %(first)s is missing, before id %(after)s.")
RANGE_AT_START = gettext_noop(
    "%(chain)s: entries %(first)s to %(last)s are missing, before id %(after)s."
)
MISSING_AT_END = gettext_noop("%(chain)s: entry %(first)s is missing, after id %(before)s.")
RANGE_AT_END = gettext_noop(
    "%(chain)s: entries %(first)s to %(last)s are missing, after id %(before)s."
)
ALL_MISSING = gettext_noop("%(chain)s: all entries, %(first)s to %(last)s, are missing.")
HEAD_MISMATCH = gettext_noop(
    "%(chain)s: the last entry %(seq)s (id %(id)s) does not match the chain's head: it was "
    "changed, or later entries were removed."
)
NO_HEAD = gettext_noop("%(chain)s: the chain's head record is missing.")
