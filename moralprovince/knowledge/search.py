"""Thai search across news, cases, assemblies and research.

Thai has no spaces between words, so text is split into words with PyThaiNLP when stored
and the query is split the same way. Each stored word also brings the dictionary words
inside it, so a word inside a longer compound is found (เครือข่าย in เครือข่ายการสื่อสาร).
An entry matches when every query word is among its terms; a word index (FTS5 on SQLite,
a GIN text-search index on PostgreSQL) finds those entries, so both databases return the
same ones. Ranking is done here, in Python, the same way for both: whole words in the
title first, then whole words in the text, then parts of words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape

from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from moralprovince.accounts.access import Actor
from moralprovince.knowledge.access import Visibility, visibility, visible_to
from moralprovince.knowledge.models import SearchEntry
from moralprovince.lib.thaitext import one_line, search_terms, split_words, sub_words

SNIPPET_CHARS = 5000
# What each kind of entry is called on pages (the codes stay in the index and the API).
KIND_LABELS = {
    "news": _("News"),
    "case": _("Lessons learned"),
    "assembly": _("Assembly"),
    "research": _("Research"),
}
CANDIDATES = 300
# The stored, GIN-indexed vector the migration adds on PostgreSQL.
POSTGRES_MATCH = "knowledge_searchentry.search_vector @@ to_tsquery('simple', %s)"


def entry_fields(title: str, texts: list[str]) -> dict[str, str]:
    """The stored forms of an item's plain texts: words for ranking, terms for matching.

    Each text is plain text (HTML is turned into text first, by `html_text`): its lines and
    the texts themselves are kept apart by spaces, so no word runs into the next.
    """
    body = "\n".join(t for t in texts if t)
    words = split_words(f"{title}\n{body}")
    terms: set[str] = set()
    for word in set(words):
        terms |= sub_words(word)
    return {
        "title": title[:300],
        "title_words": " ".join(split_words(title)),
        "words": " ".join(words),
        "terms": " ".join(sorted(terms)),
        "body": one_line(body)[:SNIPPET_CHARS],
    }


def index_item(
    kind: str,
    pk: int,
    *,
    title: str,
    texts: list[str],
    province_id: str | None,
    published: bool,
    date: dt.date | None,
    url: str,
) -> None:
    """Add or refresh an item's entry; services call this on every save."""
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=pk,
        defaults={
            **entry_fields(title, texts),
            "province_id": province_id,
            "published": published,
            "date": date,
            "url": url,
        },
    )


def remove_item(kind: str, pk: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=pk).delete()


@dataclass
class Hit:
    entry: SearchEntry
    score: int
    snippet: SafeString
    title: SafeString

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.entry.kind, self.entry.kind))


def search(query: str, actor: Actor, limit: int = 20) -> tuple[list[str], list[Hit]]:
    """Return the query's words and the best entries, highlighted."""
    terms = search_terms(query)
    if not terms:
        return [], []
    # Ranked on the words of each candidate; only the best are then read whole.
    candidates = SearchEntry.objects.filter(pk__in=candidate_ids(terms, actor))
    scores = {
        pk: (_score(title_words, words, terms), (date or dt.date.min).toordinal(), pk)
        for pk, title_words, words, date in candidates.values_list(
            "id", "title_words", "words", "date"
        )
    }
    best = sorted(scores, key=scores.__getitem__, reverse=True)[:limit]
    fields = ("id", "kind", "object_id", "title", "date", "url", "body")
    entries = SearchEntry.objects.only(*fields).in_bulk(best)
    return terms, [
        Hit(
            entries[pk],
            scores[pk][0],
            _highlight(_snippet(entries[pk].body, terms), terms),
            _highlight(entries[pk].title, terms),
        )
        for pk in best
    ]


def candidate_ids(terms: list[str], actor: Actor) -> list[int]:
    """The newest entries having every term that the actor may see, at most CANDIDATES.

    Newest first lets the databases stop as soon as they have enough matches, however
    common the words; the ranking then orders these candidates.
    """
    if connection.vendor == "sqlite":
        return _sqlite_candidates(terms, visibility(actor))
    query = " & ".join("'" + t.replace("'", "''") + "'" for t in terms)
    entries = visible_to(actor, SearchEntry).extra(where=[POSTGRES_MATCH], params=[query])
    return list(entries.order_by("-id").values_list("id", flat=True)[:CANDIDATES])


def _sqlite_candidates(terms: list[str], seen: Visibility) -> list[int]:
    """The same as `visible_to`, on the FTS table's copy of each entry's province and status."""
    match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
    where, params = ["knowledge_search_fts MATCH %s"], [match]
    if not seen.everything:
        every, published = sorted(seen.every), sorted(seen.published)
        where.append(
            f"(province_id IN ({_marks(every)})"
            f" OR (published = 1 AND province_id IN ({_marks(published)})))"
        )
        params += every + published
    sql = (
        "SELECT rowid FROM knowledge_search_fts WHERE "
        + " AND ".join(where)
        + f" ORDER BY rowid DESC LIMIT {CANDIDATES}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _marks(values: list[str]) -> str:
    return ", ".join(["%s"] * len(values))


def _score(title_words: str, words: str, terms: list[str]) -> int:
    whole_title, whole = set(title_words.split()), words.split()
    score = 0
    for term in terms:
        if term in whole_title:
            score += 10
        elif term in title_words:
            score += 5
        score += min(whole.count(term), 5) * 2
        score += 1 if term in words else 0  # inside a longer word
    return score


def _snippet(body: str, terms: list[str], width: int = 160) -> str:
    folded = body.casefold()
    positions = [folded.find(t) for t in terms if folded.find(t) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    text = body[start : start + width]
    return ("…" if start else "") + text + ("…" if start + width < len(body) else "")


def _highlight(text: str, terms: list[str]) -> SafeString:
    """Escape the text, then mark each query word (case-insensitively)."""
    pattern = re.compile(
        "|".join(re.escape(escape(t)) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escape(text)))
