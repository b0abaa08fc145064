"""Bar charts drawn on the server as SVG, for PDFs (WeasyPrint runs no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#2563eb", "#f59e0b", "#16a34a", "#dc2626")


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width: int = 640,
    height: int = 260,
) -> str:
    """Grouped vertical bars, one group per label, with a legend; returns an <svg> element."""
    left, bottom, top = 56, 48, 28
    plot_w, plot_h = width - left - 12, height - bottom - top
    peak = max([v for _name, values in series for v in values] + [1])
    group = plot_w / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Sarabun" font-size="11">',
        _axis(left, top, plot_w, plot_h, peak),
    ]
    for s, (_name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        for i, value in enumerate(values):
            h = plot_h * value / peak
            x = left + i * group + group * 0.1 + s * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
    for i, label in enumerate(labels):
        x = left + i * group + group / 2
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(_legend(series, left, height - 10))
    parts.append("</svg>")
    return "".join(parts)


def _axis(left: int, top: int, plot_w: float, plot_h: float, peak: float) -> str:
    base = top + plot_h
    lines = [f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#555"/>']
    for step in range(5):
        value = peak * step / 4
        y = top + plot_h - plot_h * step / 4
        lines.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        lines.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.0f}</text>')
    return "".join(lines)


def _legend(series: Sequence[tuple[str, Sequence[float]]], left: int, y: int) -> str:
    items = []
    x = left
    for s, (name, _values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        items.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        items.append(f'<text x="{x + 14}" y="{y}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return "".join(items)
