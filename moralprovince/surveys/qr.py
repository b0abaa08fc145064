"""QR codes of the per-school answer links, drawn as inline SVG (segno, no image files)."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, scale: int = 3) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=scale, xmldecl=False, svgns=True, nl=False
    )
    return out.getvalue().decode()
