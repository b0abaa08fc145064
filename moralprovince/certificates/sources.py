"""What each kind of certificate prints, and who may issue it: registered by the apps that
certify (assessments, training) from their `AppConfig.ready`.

This app knows nothing of an assessment or a course. A source answers two questions about
its own rows, named by id: the facts to print on each one's certificate, and whether a
person may issue (or revoke) the certificate of one of them. An app registers its kind from
its `AppConfig.ready`:

    register(Source(
        kind="training",
        label=_("Training"),
        facts=completed_enrolment_facts,     # ids -> {id: Facts}, only those that completed
        may_issue=lambda actor, province_id, enrolment_id: ...,  # its own access rule
    ))

and then calls `services.issue_certificate(actor=…, kind="training", object_id=…)` for one
(issuing again returns the same certificate), `services.start_batch(…)` for a whole round or
batch as one background job and one PDF, and links to `certificates:pdf` and
`certificates:verify` (the QR code's page) of the certificate it got back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Facts:
    """What a certificate says about its holder, as the source has it on the day of issue."""

    province_id: str
    holder: str
    # What it certifies, one line each: "ได้ผ่านการประเมินเป็นองค์กรคุณธรรม", "ปีงบประมาณ 2564"…
    lines: tuple[str, ...]
    fiscal_year: int
    level: str = ""


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any  # a lazy translation: "Assessment", "Training"
    # The facts of each object id that can be certified; ids missing from the answer cannot
    # (not approved, not completed, unknown).
    facts: Callable[[list[int]], dict[int, Facts]]
    # Whether the actor may issue or revoke the certificate of this object in this province.
    may_issue: Callable[[Any, str, int], bool]


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add a kind of certificate; registering a kind again replaces it (tests do)."""
    SOURCES[source.kind] = source


def unregister(kind: str) -> None:
    SOURCES.pop(kind, None)


def source_of(kind: str) -> Source | None:
    return SOURCES.get(kind)


def kinds() -> Iterable[tuple[str, Any]]:
    """The registered kinds and their names, for filters."""
    return sorted((s.kind, s.label) for s in SOURCES.values())
