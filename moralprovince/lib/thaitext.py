"""Thai text for search: normalising and splitting into words.

Thai is written without spaces between words, so a query is split into words with
PyThaiNLP's dictionary tokenizer before it is matched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

from moralprovince.lib.thaidate import arabic_digits

MAX_QUERY_LENGTH = 200
_PUNCTUATION = re.compile(r"[^\w\u0E00-\u0E7F]+|_+")


def normalise(text: str) -> str:
    """Fold case, Unicode form, Thai digits and punctuation so equal text compares equal."""
    text = unicodedata.normalize("NFC", text or "")
    text = arabic_digits(text).casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


# Thai dictionary order: a leading vowel (เ แ โ ใ ไ) is placed by the consonant after it, and
# tone marks, the silent mark and mai taikhu only break ties (as PyThaiNLP's `collate` does).
_SIGNS = re.compile("[\u0e47-\u0e4c]")
_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
SORT_KEY_CHARS = 120


def sort_key(text: str) -> str:
    """A key that sorts names in Thai dictionary order as plain text, the same on SQLite and
    PostgreSQL whatever the database's collation: the letters (leading vowels moved after
    their consonant), then each letter's signs for ties (none before any), every character
    written as four hex digits of its code point, so the key holds only 0-9 and a-f."""
    letters: list[str] = []
    signs: list[str] = []
    for char in normalise(text)[:SORT_KEY_CHARS]:
        if _SIGNS.match(char) and signs:
            signs[-1] = signs[-1].strip("\0") + char
        else:
            letters.append(char)
            signs.append("\0")
    key = _LEADING_VOWEL.sub(r"\2\1", "".join(letters)) + "\0" + "".join(signs)
    return "".join(f"{min(ord(char), 0xFFFF):04x}" for char in key)


# PyThaiNLP's newmm word splitting as compiled Rust (nlpo3): the same words as its Python
# newmm, measured on the seed article and the demo texts, about three times as fast.
ENGINE = "nlpo3"


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
        tokens = _tokenizer()(chunk, engine=ENGINE, keep_whitespace=False)
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
            t for t in _tokenizer()(chunk, engine=ENGINE, keep_whitespace=False) if t.strip()
        )
    return words


# Shorter sub-words match too much by chance (รส inside เครือข่ายการสื่อสาร).
MIN_SUB_WORD = 3
MAX_WORD = 30


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(w for w in thai_words() if MIN_SUB_WORD <= len(w) <= MAX_WORD)


def sub_words(word: str) -> set[str]:
    """The dictionary words inside a longer word: เครือข่าย and การสื่อสาร in เครือข่ายการสื่อสาร."""
    found = {word}
    if len(word) <= MIN_SUB_WORD or not any("\u0e00" <= ch <= "\u0e7f" for ch in word):
        return found
    dictionary = _dictionary()
    for start in range(len(word)):
        for end in range(start + MIN_SUB_WORD, min(len(word), start + MAX_WORD) + 1):
            if word[start:end] in dictionary:
                found.add(word[start:end])
    return found


# Elements that start a new line of text: a word never runs on across their edges.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Elements whose content is not text a reader sees.
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML fragment, one line per paragraph, list item or heading.

    Unlike stripping the tags, the edge of a block (a paragraph, a list item, a heading, a
    line break) separates words: ``<p>one</p><p>two</p>`` reads "one" and "two", never
    "onetwo". Inline markup (``<b>``, ``<a>``) joins what it touches, as a reader sees it.
    """
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    """The text with every run of spaces and line ends made one space (for summaries)."""
    return " ".join(text.split())
