"""Thai text for search: normalising and splitting into words.

Thai is written without spaces between words, so a query is split into words with
PyThaiNLP's dictionary tokenizer before it is matched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from moralprovince.lib.thaidate import arabic_digits

MAX_QUERY_LENGTH = 200
_PUNCTUATION = re.compile(r"[^\w\u0E00-\u0E7F]+")


def normalise(text: str) -> str:
    """Fold case, Unicode form, Thai digits and punctuation so equal text compares equal."""
    text = unicodedata.normalize("NFC", text or "")
    text = arabic_digits(text).casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    # Imported lazily: PyThaiNLP loads its dictionary on first use, which pages
    # that never search should not pay for.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def search_terms(query: str) -> list[str]:
    """Split a search query into the distinct words it contains, in order."""
    text = normalise(query[:MAX_QUERY_LENGTH])
    words: list[str] = []
    for chunk in text.split():
        tokens = _tokenizer()(chunk, engine="newmm", keep_whitespace=False)
        for token in tokens:
            token = token.strip()
            if token and token not in words:
                words.append(token)
    return words


def split_words(text: str) -> list[str]:
    """Normalise a text and split it into its words, in order, repeats kept."""
    words: list[str] = []
    for chunk in normalise(text).split():
        words.extend(
            t for t in _tokenizer()(chunk, engine="newmm", keep_whitespace=False) if t.strip()
        )
    return words
