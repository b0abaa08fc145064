"""HTML to PDF in the Sarabun typeface, the face of Thai official documents.

The machines have no Thai font of their own, so the font files come from the
`fontpkg-sarabun` package and are named in an @font-face rule; without them every Thai
glyph would print as a box.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import fontpkg


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
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint is imported here: it loads Pango, which pages that print nothing need not.
    # The @font-face rules only take effect through a font configuration shared by the
    # stylesheets and the rendering.
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=sarabun_css(), font_config=fonts),
        CSS(string=BASE_CSS, font_config=fonts),
    ]
    return HTML(string=html).write_pdf(stylesheets=stylesheets, font_config=fonts)
