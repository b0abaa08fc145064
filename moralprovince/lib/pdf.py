"""HTML to PDF in the Sarabun typeface, the face of Thai official documents.

The machines have no Thai font of their own, so the font files come from the
`fontpkg-sarabun` package and are named in an @font-face rule; without them every Thai
glyph would print as a box.

The text layer (what is copied, searched and indexed) is corrected after WeasyPrint has
written each line; see `exact_text_layer`.
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
import unicodedata
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import fontpkg

LOGGER = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def sarabun_css() -> str:
    rules = []
    for weight in (400, 700):
        url = Path(fontpkg.path("Sarabun", weight)).as_uri()
        rules.append(
            "@font-face { font-family: 'Sarabun'; "
            f"src: url('{url}') format('truetype'); font-weight: {weight}; }}"
        )
    return "\n".join(rules)


BASE_CSS = """
@page { size: A4; margin: 2cm 1.8cm 2cm 2.5cm;
        @bottom-center { content: counter(page); font-family: 'Sarabun'; font-size: 10pt; } }
body { font-family: 'Sarabun'; font-size: 14pt; line-height: 1.35; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 .3cm; }
h2 { font-size: 16pt; margin: .5cm 0 .2cm; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; }
th, td { border: 0.5pt solid #555; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; }
.num { text-align: right; }
.amount { white-space: nowrap; }
.muted { color: #555; font-size: 11pt; }
"""


def render_pdf(html: str) -> bytes:
    """Render an HTML document to PDF bytes with Sarabun and the base print styles."""
    from weasyprint import HTML

    # WeasyPrint is imported here: it loads Pango, which pages that print nothing need not.
    # The @font-face rules only take effect through a font configuration shared by the
    # stylesheets and the rendering.
    exact_text_layer()
    fonts, stylesheets = _print_setup()
    return HTML(string=html).write_pdf(stylesheets=stylesheets, font_config=fonts)


_SETUP = threading.local()


@atexit.register
def _forget_setup() -> None:
    """Let the kept font configuration remove its folder of fonts while the interpreter
    can still run its clean-up (at the very end, `shutil` is gone)."""
    _SETUP.__dict__.clear()


def _print_setup() -> tuple[Any, list[Any]]:
    """The font configuration with Sarabun loaded and the base stylesheets, made once per
    thread and kept: each PDF after the first skips loading the fonts again."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_SETUP, "fonts"):
        fonts = FontConfiguration()
        _SETUP.fonts = fonts
        _SETUP.stylesheets = [
            CSS(string=sarabun_css(), font_config=fonts),
            CSS(string=BASE_CSS, font_config=fonts),
        ]
    return _SETUP.fonts, _SETUP.stylesheets


# The text layer
# ==============
#
# A PDF shows glyphs, not letters: each glyph is written as a code, and the font's ToUnicode
# CMap says which text each code stands for. WeasyPrint 70 writes a glyph's id as its code
# and records the text of the id once per font, where the glyph is first drawn
# (weasyprint/draw/text.py, `font.to_unicode`). Thai shaping breaks that in two ways:
#
# - one glyph stands for different text in different places. HarfBuzz always decomposes
#   sara am (ำ) into nikhahit + sara aa, so the sara aa glyph is "า" in บาท and part of "ำ"
#   in กำลัง (and nikhahit with mai tho is one glyph in น้ำ). Whichever place comes first
#   decides the glyph's text for the whole document: "กาลัง", "นา" for "น้ำ", or "บำท".
# - marks the font places over a tall letter (uni0E48.small and the like) are drawn by moving
#   the pen back before the mark and forward after it; text extractors read the forward move
#   as a gap between words ("ปั้ น").
#
# No WeasyPrint option or font feature avoids either (the decomposition happens in HarfBuzz's
# Thai shaper, not in a font feature). So after WeasyPrint has written a line, its text
# operators are rewritten from the shaping clusters of the line, which Pango still holds:
#
# - each glyph gets a code whose ToUnicode text is what it stands for at that place: its id
#   the first time, a second code (above the glyph ids) when the same glyph stands for other
#   text later. The font's CIDToGIDMap draws a second code with the glyph it stands in for,
#   so the page looks exactly the same.
# - a moved glyph is drawn with character spacing (Tc) that carries the pen back to where
#   WeasyPrint had it, instead of a forward move in the TJ array; the positions are the same.
# - each letter drawn with marks is wrapped in an ActualText span holding its exact text,
#   for the readers (poppler, Acrobat) that group glyphs by where they are drawn.
#
# Each rewrite checks that the line's operators match the glyphs Pango shaped; when they do
# not (a WeasyPrint change), the line is left as WeasyPrint wrote it and a warning is logged.
# lib/tests/test_pdf.py and each app's test_pdf_text.py extract the text of the PDFs and fail
# if it is not the Thai printed; WeasyPrint is pinned, and these tests guard an upgrade.

_PANGO_GLYPH_EMPTY = 0x0FFFFFFF
_PANGO_GLYPH_UNKNOWN_FLAG = 0x10000000
_ROOM_FOR_MISSING = 1024

_TJ_ITEM = re.compile(rb"\[((?:<[0-9a-f]*>|-?[0-9.]+(?:e-?[0-9]+)?)*)\] TJ")
_TJ_TOKEN = re.compile(rb"<([0-9a-f]*)>|(-?[0-9.]+(?:e-?[0-9]+)?)")
_TF_ITEM = re.compile(rb"/\S+ (-?[0-9.]+) Tf")


@dataclass(frozen=True)
class _Glyph:
    """One glyph WeasyPrint wrote: the code it used and the text it stands for there."""

    font: Any
    code: int
    text: str
    moved: bool  # drawn left or right of the pen (x offset)
    raised: bool  # drawn above or below the baseline (y offset)
    exact: bool


@dataclass
class _FontCodes:
    """The text each code of one font stands for, and the glyph of each second code."""

    canonical: dict[int, str] = field(default_factory=dict)
    second: dict[tuple[int, str], int] = field(default_factory=dict)
    glyph_of: dict[int, int] = field(default_factory=dict)


_codes_by_font: weakref.WeakKeyDictionary[Any, _FontCodes] = weakref.WeakKeyDictionary()


@lru_cache(maxsize=1)
def exact_text_layer() -> None:
    """Make WeasyPrint write a text layer that reads exactly as the page (done once)."""
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf import fonts as pdf_fonts

    draw_first_line = draw_text.draw_first_line
    build_font = pdf_fonts._build_vector_font_dictionary

    def draw_first_line_exactly(stream, textbox, *args, **kwargs):
        start = len(stream.stream)
        font_size = (getattr(stream, "_current_font", None) or (None, None))[1]
        emojis = draw_first_line(stream, textbox, *args, **kwargs)
        # Lines of white space draw nothing. ASCII text (figures, most of a table) has one
        # glyph for each letter or ligature, always the same text: WeasyPrint writes it right.
        if len(stream.stream) > start and not textbox.pango_layout.text.isascii():
            rewritten = _rewrite_line(stream, textbox, stream.stream[start:], font_size)
            if rewritten is not None:
                stream.stream[start:] = rewritten
        return emojis

    def build_font_with_second_codes(dictionary, pdf, font, widths, compress, *args):
        build_font(dictionary, pdf, font, widths, compress, *args)
        codes = _codes_by_font.get(font)
        if codes and codes.glyph_of:
            glyph_map = _glyph_map(font, codes, compress)
            pdf.add_object(glyph_map)
            descendant = dictionary["DescendantFonts"][0]
            pdf.objects[int(descendant.split()[0])]["CIDToGIDMap"] = glyph_map.reference

    draw_text.draw_first_line = draw_first_line_exactly
    pdf_fonts._build_vector_font_dictionary = build_font_with_second_codes


def _line_glyphs(stream, textbox) -> list[_Glyph]:
    """The glyphs of the textbox's first line as WeasyPrint writes them, with their text."""
    from weasyprint.text.ffi import ffi

    first_line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    glyphs = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        font, _ = stream.add_font(glyph_item.item.analysis.font)
        glyphs.extend(_run_glyphs(glyph_item, font, utf8))
    return glyphs


def _run_glyphs(glyph_item, font, utf8: bytes) -> list[_Glyph]:
    item, string = glyph_item.item, glyph_item.glyphs
    infos = [string.glyphs[i] for i in range(string.num_glyphs)]
    clusters = [string.log_clusters[i] for i in range(string.num_glyphs)]
    left_to_right = item.analysis.level % 2 == 0
    widths = [-1 if i.glyph == _PANGO_GLYPH_EMPTY else i.geometry.width for i in infos]
    bearers = _text_bearers(clusters, widths)
    glyphs = []
    for i, info in enumerate(infos):
        if info.glyph == _PANGO_GLYPH_EMPTY:
            continue  # WeasyPrint writes a move, no code.
        known = not info.glyph & _PANGO_GLYPH_UNKNOWN_FLAG
        code = info.glyph if known else font.missing[info.glyph - _PANGO_GLYPH_UNKNOWN_FLAG]
        text = ""
        if i in bearers:
            end = next((c for c in clusters[i:] if c > clusters[i]), item.length)
            text = utf8[item.offset + clusters[i] : item.offset + end].decode()
        # Right-to-left clusters and glyphs missing from the font keep WeasyPrint's text.
        exact = known and left_to_right
        x_offset, y_offset = info.geometry.x_offset, info.geometry.y_offset
        glyphs.append(_Glyph(font, code, text, bool(x_offset), bool(y_offset), exact))
    return glyphs


def _text_bearers(clusters: list[int], widths: list[int]) -> set[int]:
    """The glyph carrying each cluster's text: its widest, the last of equals.

    The other glyphs of the cluster stand for no text. Readers that order text by where it
    is drawn then find the cluster's text where its body is (sara aa, not nikhahit).
    """
    bearers: dict[int, int] = {}
    for i, cluster in enumerate(clusters):
        if cluster not in bearers or widths[i] >= widths[bearers[cluster]]:
            bearers[cluster] = i
    return set(bearers.values())


def _rewrite_line(stream, textbox, items: list, font_size: float | None) -> list | None:
    """The line's operators with exact codes, or None to keep what WeasyPrint wrote."""
    glyphs = _line_glyphs(stream, textbox)
    if any(g.font.bitmap for g in glyphs):
        return None  # Bitmap fonts have one-byte codes and no room for second codes.
    tokens = _tokens(items)
    if tokens is None or not _written_as_shaped(tokens, glyphs, sized=font_size is not None):
        LOGGER.warning("A line is drawn in a way not known here: its copied text may be wrong")
        return None
    return _LineWriter(glyphs, tokens, font_size).write()


def _written_as_shaped(tokens: list, glyphs: list[_Glyph], sized: bool) -> bool:
    """Whether the operators draw the shaped glyphs the way WeasyPrint 70 writes them."""
    count = 0
    previous = None
    for kind, value in tokens:
        if kind == "op" and _TF_ITEM.fullmatch(value):
            sized = True
        elif kind == "glyph":
            if count == len(glyphs) or glyphs[count].code != value:
                return False
            # The move before a moved glyph is written just before it, in a known font size.
            if glyphs[count].moved and (previous != "num" or not sized):
                return False
            count += 1
        previous = kind
    return count == len(glyphs)


def _tokens(items: list) -> list[tuple[str, Any]] | None:
    """Split the written operators into glyph codes, TJ numbers and other operators."""
    tokens: list[tuple[str, Any]] = []
    for item in items:
        if not isinstance(item, bytes):
            return None
        array = _TJ_ITEM.fullmatch(item)
        if array is None:
            tokens.append(("op", item))
            continue
        for hex_codes, number in _TJ_TOKEN.findall(array[1]):
            if number:
                tokens.append(("num", float(number)))
            elif len(hex_codes) % 4:
                return None
            else:
                codes = [int(hex_codes[i : i + 4], 16) for i in range(0, len(hex_codes), 4)]
                tokens.extend(("glyph", code) for code in codes)
    return tokens


class _LineWriter:
    """Write a line's tokens again: exact codes, Tc for moved glyphs, ActualText spans."""

    def __init__(self, glyphs: list[_Glyph], tokens: list, font_size: float | None):
        self.glyphs, self.tokens, self.font_size = glyphs, tokens, font_size
        self.spans = _spans(glyphs)
        self.span_ends = {end for end, _ in self.spans.values()}
        self.out: list[bytes] = []
        self.array: list[tuple[str, Any]] = []
        self.owed = 0.0  # the forward move a moved glyph still owes, in TJ units

    def write(self) -> list[bytes]:
        index = 0
        for position, (kind, value) in enumerate(self.tokens):
            if kind == "op":
                self.operator(value)
            elif kind == "num":
                self.move(value)
            else:
                self.glyph(index, self.tokens[position - 1][1] if position else 0.0)
                index += 1
        self.pay_back()
        self.flush()
        return self.out

    def glyph(self, index: int, move_back: float) -> None:
        glyph = self.glyphs[index]
        code = _exact_code(glyph) if glyph.exact else glyph.code
        if index in self.spans:
            self.flush()
            self.out.append(_actual_text(self.spans[index][1]))
        if glyph.moved:
            self.moved_glyph(code, move_back)
        else:
            self.pay_back()
            self.array.append(("glyph", code))
        if index + 1 in self.span_ends:
            self.flush()
            self.out.append(b"EMC")

    def operator(self, item: bytes) -> None:
        # A rise (Ts) leaves the pen where it is: what is owed is paid after it.
        size = _TF_ITEM.fullmatch(item)
        if size is not None:
            self.pay_back()
            self.font_size = float(size[1])
        self.flush()
        self.out.append(item)

    def move(self, value: float) -> None:
        # Moves next to each other add up: one number, never a back-and-forth.
        value += self.owed
        self.owed = 0.0
        if self.array and self.array[-1][0] == "num":
            value += self.array.pop()[1]
        self.array.append(("num", value))

    def moved_glyph(self, code: int, move_back: float) -> None:
        # WeasyPrint moves the pen back by `move_back` before the glyph and forward after it.
        # Readers take that forward move for a space between words; character spacing on the
        # glyph itself makes the same move as part of drawing it.
        assert self.font_size is not None
        self.flush()
        self.out.append(_number(move_back * self.font_size / 1000) + b" Tc")
        self.out.append(b"[<%04x>] TJ" % code)
        self.out.append(b"0 Tc")
        self.owed += move_back

    def pay_back(self) -> None:
        if self.owed:
            self.move(0.0)

    def flush(self) -> None:
        parts = []
        for kind, value in self.array:
            if kind == "glyph":
                parts.append(b"<%04x>" % value)
            elif round(value, 4):
                parts.append(_number(value))
        if parts:
            self.out.append(b"[" + b"".join(parts) + b"] TJ")
        self.array = []


def _spans(glyphs: list[_Glyph]) -> dict[int, tuple[int, str]]:
    """The letters to wrap in ActualText: first glyph -> (end, text).

    A letter is a glyph with the marks drawn after it. It is wrapped when one of its glyphs
    is drawn away from the pen: readers that order text by where it is drawn (poppler,
    Acrobat) would otherwise read such a mark as a separate word or in the wrong place.
    """
    letters: list[list[int]] = []
    for i, glyph in enumerate(glyphs):
        joins = not glyph.text or _is_mark(glyph.text[0])
        if letters and joins and glyph.exact and glyphs[i - 1].exact:
            letters[-1][1] = i + 1
        else:
            letters.append([i, i + 1])
    spans = {}
    for start, end in letters:
        letter = glyphs[start:end]
        if all(g.exact for g in letter) and any(g.moved or g.raised for g in letter):
            spans[start] = (end, "".join(g.text for g in letter))
    return spans


def _is_mark(character: str) -> bool:
    # Sara am is a letter to Unicode but follows its consonant like a mark (UAX #29).
    return unicodedata.category(character).startswith("M") or character == "\u0e33"


def _actual_text(text: str) -> bytes:
    return b"/Span <</ActualText <feff%s>>> BDC" % text.encode("utf-16-be").hex().encode()


def _number(value: float) -> bytes:
    return (b"%.4f" % value).rstrip(b"0").rstrip(b".") or b"0"


def _exact_code(glyph: _Glyph) -> int:
    """The code whose ToUnicode text is the glyph's text here."""
    font, gid, text = glyph.font, glyph.code, glyph.text
    codes = _codes_by_font.setdefault(font, _FontCodes())
    if codes.canonical.setdefault(gid, text) == text:
        font.to_unicode[gid] = text
        return gid
    if font.type != "ttf":
        return gid  # A CFF font has no CIDToGIDMap; ActualText still gives the text.
    if (gid, text) not in codes.second:
        # Codes just above the glyph ids are where WeasyPrint numbers glyphs missing from
        # the font; second codes start well past them.
        code = font.glyph_count + _ROOM_FOR_MISSING + len(codes.second)
        codes.second[gid, text] = code
        codes.glyph_of[code] = gid
        font.to_unicode[code] = text
        font.widths[code] = font.widths[gid]
    return codes.second[gid, text]


def _glyph_map(font, codes: _FontCodes, compress: bool):
    """A CIDToGIDMap drawing each second code with the glyph it stands in for."""
    import pydyf

    if set(codes.glyph_of) & set(font.missing.values()):
        LOGGER.warning("Too many glyphs missing from %s: copied text may be wrong", font.family)
    glyphs = bytearray()
    for code in range(max(codes.glyph_of) + 1):
        glyph = codes.glyph_of.get(code, code if code < font.glyph_count else 0)
        glyphs += glyph.to_bytes(2, "big")
    return pydyf.Stream([bytes(glyphs)], compress=compress)
