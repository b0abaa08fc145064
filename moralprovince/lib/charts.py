"""Bar charts drawn on the server as SVG, for PDFs (WeasyPrint runs no JavaScript).

Text is measured with the Sarabun font the PDF prints in, so labels are wrapped between
Thai words (PyThaiNLP splits them: Thai has no spaces between words) and shortened with
"…" only when two lines cannot hold them, instead of running into each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from html import escape

import fontpkg
from PIL import ImageFont

PALETTE = ("#2563eb", "#f59e0b", "#16a34a", "#dc2626")
FONT_SIZE = 12
LINE = 15
Series = Sequence[tuple[str, Sequence[float]]]


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(fontpkg.path("Sarabun", 400), FONT_SIZE)


def text_width(text: str) -> float:
    """The width of a text in the charts' font, in SVG units."""
    return float(_font().getlength(text))


def _words(text: str) -> list[str]:
    # Imported here: the tokenizer loads its dictionary on first use.
    from pythainlp.tokenize import word_tokenize

    words: list[str] = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        # "ๆ" (mai yamok) repeats the word before it and never starts a line.
        if words and (token.isspace() or token.strip() == "ๆ"):
            words[-1] += token
        else:
            words.append(token)
    return words


def wrap_label(text: str, width: float, lines: int = 2) -> list[str]:
    """Break a label between words into at most `lines` lines of `width`, the last one
    shortened with "…" if the label is still longer."""
    result: list[list[str]] = [[]]
    for word in _words(text):
        line = result[-1]
        if line and len(result) < lines and text_width("".join([*line, word]).rstrip()) > width:
            result.append([word.lstrip()])
        else:
            line.append(word)
    return [_shorten("".join(line).strip(), width) for line in result]


def _shorten(line: str, width: float) -> str:
    if text_width(line) <= width:
        return line
    while line and text_width(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _text_lines(x: float, y: float, lines: list[str], anchor: str) -> str:
    """Lines of text, the first one's baseline at y."""
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{spans}</text>'


def _open_svg(width: float, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Sarabun" font-size="{FONT_SIZE}">'
    )


def bar_chart(labels: Sequence[str], series: Series, *, width: int = 640, height: int = 260) -> str:
    """Grouped vertical bars, one group per (short) label, with a legend below."""
    legend, legend_h = _legend(series, 12, width - 24)
    left, top = 56, 16
    label_w = width / max(len(labels), 1) - 4
    wrapped = [wrap_label(label, label_w) for label in labels]
    bottom = 8 + LINE * max([len(w) for w in wrapped] + [1]) + legend_h
    plot_w, plot_h = width - left - 12, height - bottom - top
    peak, steps = _scale(series)
    group = plot_w / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    parts = [_open_svg(width, height), _value_axis(left, top, plot_w, plot_h, peak, steps)]
    for s, (_name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        for i, value in enumerate(values):
            h = plot_h * value / peak
            x = left + i * group + group * 0.1 + s * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
    for i, lines in enumerate(wrapped):
        x = left + i * group + group / 2
        parts.append(_text_lines(x, top + plot_h + 14, lines, "middle"))
    parts.append(f'<g transform="translate(0 {height - legend_h})">{legend}</g>')
    parts.append("</svg>")
    return "".join(parts)


def horizontal_bar_chart(
    labels: Sequence[str], series: Series, *, width: int = 640, label_width: int = 190
) -> str:
    """Grouped horizontal bars, one group per label written out in full (wrapped) on the
    left, each bar with its value at its end, and a legend below; the height follows."""
    widest = max([text_width(label) for label in labels] + [0])
    column = min(widest, label_width) + 8
    wrapped = [wrap_label(label, column - 8) for label in labels]
    bar = 11
    rows = [max(len(lines) * LINE, len(series) * bar) + 10 for lines in wrapped]
    left, top = column + 4, 8
    plot_w = width - left - 56  # room for the value at the end of the longest bar
    plot_h = sum(rows)
    legend, legend_h = _legend(series, 12, width - 24)
    height = top + plot_h + 24 + legend_h
    peak, steps = _scale(series)
    parts = [_open_svg(width, height)]
    for step in range(steps + 1):
        x = left + plot_w * step / steps
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#ddd"/>'
            f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle">'
            f"{_tick(peak * step / steps)}</text>"
        )
    y = float(top)
    for i, lines in enumerate(wrapped):
        block = len(series) * bar
        first = y + 5 + (rows[i] - 10 - (len(lines) - 1) * LINE) / 2 + 4
        parts.append(_text_lines(column - 4, first, lines, "end"))
        for s, (_name, values) in enumerate(series):
            w = plot_w * values[i] / peak
            by = y + 5 + (rows[i] - 10 - block) / 2 + s * bar
            parts.append(
                f'<rect x="{left}" y="{by:.1f}" width="{w:.1f}" height="{bar - 1}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"/>'
                f'<text x="{left + w + 3:.1f}" y="{by + bar - 2:.1f}" font-size="9">'
                f"{values[i]:,.0f}</text>"
            )
        y += rows[i]
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#555"/>'
        f'<g transform="translate(0 {height - legend_h})">{legend}</g></svg>'
    )
    return "".join(parts)


def _scale(values: Series) -> tuple[float, int]:
    """The top of the value axis and its number of steps: at most four steps of 1, 2, 2.5
    or 5 times a power of ten, so that the ticks read as round numbers."""
    top = max([v for _name, series in values for v in series] + [1])
    power = 10 ** math.floor(math.log10(top / 4))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= top / 4)
    steps = max(1, math.ceil(top / step - 1e-9))
    return step * steps, steps


def _tick(value: float) -> str:
    """1,500 for whole numbers; 0.25 for the few charts of small figures."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _value_axis(left: int, top: int, plot_w: float, plot_h: float, peak: float, steps: int) -> str:
    base = top + plot_h
    lines = [f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#555"/>']
    for step in range(steps + 1):
        value = peak * step / steps
        y = top + plot_h - plot_h * step / steps
        lines.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        lines.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_tick(value)}</text>'
        )
    return "".join(lines)


def _legend(series: Series, left: float, width: float) -> tuple[str, int]:
    """The legend's marks and names, on as many lines as they need, and its height."""
    items = []
    x, y = left, LINE
    for s, (name, _values) in enumerate(series):
        size = 14 + text_width(name) + 16
        if x > left and x + size > left + width:
            x, y = left, y + LINE + 2
        colour = PALETTE[s % len(PALETTE)]
        items.append(f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        items.append(f'<text x="{x + 14:.1f}" y="{y}">{escape(name)}</text>')
        x += size
    return "".join(items), y + 6
