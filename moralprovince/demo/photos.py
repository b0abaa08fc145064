"""Illustrations for the demo's news: simple drawn scenes with a Thai banner, made with Pillow.

There are no real photos to ship, so each picture is drawn: a stage, a classroom, a camp, a
village or a fair, with people as simple figures and the event's vinyl banner in Sarabun (the
font files come from `fontpkg-sarabun`, as for the PDFs). A strip along the bottom says that
it is an illustration of sample data. Seeded random numbers place the figures, so the same
picture is drawn every time.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from functools import lru_cache

import fontpkg
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 800
SKIN = ["#f1c7a5", "#e0ac85", "#c68a62", "#a86f4c"]
CLOTHES = ["#1f5fa8", "#d9534f", "#f0ad4e", "#5cb85c", "#ffffff", "#7a4fa0", "#2b2b2b", "#e86aa6"]
SAMPLE_STRIP = "ภาพประกอบที่สร้างขึ้นเพื่อสาธิตระบบ · ข้อมูลตัวอย่าง"

Scene = Callable[[ImageDraw.ImageDraw, random.Random], tuple[int, int, str]]


@lru_cache(maxsize=8)
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(fontpkg.path("Sarabun", 700 if bold else 400), size)


def make_photo(scene: str, banner: str, seed: str) -> bytes:
    """A JPEG of the scene with the banner's text on it."""
    draw_random = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), "#dfe9f3")
    draw = ImageDraw.Draw(image)
    top, height, colour = SCENES[scene](draw, draw_random)
    _banner(draw, banner, top, height, colour)
    _strip(draw)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


# --- pieces --------------------------------------------------------------------------------


def _person(
    draw: ImageDraw.ImageDraw, x: int, y: int, size: int, shirt: str, skin: str, back: bool = False
) -> None:
    """A figure whose feet (or, seen from behind in a crowd, shoulders) are at (x, y)."""
    head = size // 3
    body_top = y - size if not back else y - size // 2
    draw.rounded_rectangle(
        (x - size // 3, body_top, x + size // 3, y), radius=size // 6, fill=shirt, outline="#333"
    )
    centre = body_top - head // 2 - 2
    hair = "#222" if back else skin
    draw.ellipse((x - head // 2, centre - head // 2, x + head // 2, centre + head // 2), fill=hair)
    if not back:
        draw.chord(
            (x - head // 2, centre - head // 2, x + head // 2, centre + head // 2),
            180,
            360,
            fill="#222",
        )


def _crowd(
    draw: ImageDraw.ImageDraw, rng: random.Random, rows: int, top: int, size: int, back: bool
) -> None:
    for row in range(rows):
        y = top + row * int(size * 0.7)
        scale = size + row * 6
        x = rng.randint(10, 50)
        while x < WIDTH:
            _person(draw, x, y, scale, rng.choice(CLOTHES), rng.choice(SKIN), back)
            x += rng.randint(int(scale * 0.8), int(scale * 1.2))


def _tree(draw: ImageDraw.ImageDraw, x: int, ground: int, size: int) -> None:
    draw.rectangle((x - size // 10, ground - size, x + size // 10, ground), fill="#7a5230")
    for dx, dy in ((-1, 0), (1, 0), (0, -1)):
        cx, cy = x + dx * size // 3, ground - size + dy * size // 3
        draw.ellipse(
            (cx - size // 2, cy - size // 2, cx + size // 2, cy + size // 2), fill="#3d8b3d"
        )


def _banner(draw: ImageDraw.ImageDraw, text: str, top: int, height: int, colour: str) -> None:
    left, right = 110, WIDTH - 110
    draw.rectangle((left, top, right, top + height), fill=colour, outline="#ffffff", width=6)
    size = 56
    while size > 20 and draw.textlength(text, font=font(size)) > right - left - 60:
        size -= 2
    box = draw.textbbox((0, 0), text, font=font(size))
    x = (WIDTH - (box[2] - box[0])) // 2
    y = top + (height - (box[3] - box[1])) // 2 - box[1]
    draw.text((x, y), text, font=font(size), fill="#ffffff")


def _strip(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, HEIGHT - 46, WIDTH, HEIGHT), fill="#000000")
    draw.text((24, HEIGHT - 42), SAMPLE_STRIP, font=font(26, bold=False), fill="#ffffff")


# --- scenes: each draws its setting and says where the banner goes -----------------------


def _stage(draw: ImageDraw.ImageDraw, rng: random.Random) -> tuple[int, int, str]:
    """A hall: a stage with its backdrop and the audience seen from behind."""
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill="#5b3a29")
    draw.rectangle((60, 40, WIDTH - 60, 430), fill="#f3e6c4")
    draw.rectangle((0, 430, WIDTH, 470), fill="#8b5a2b")
    for x in (220, 520, 820):
        _person(draw, x + rng.randint(0, 120), 430, 150, rng.choice(CLOTHES[:4]), rng.choice(SKIN))
    draw.rectangle((0, 470, WIDTH, HEIGHT), fill="#4a4a4a")
    _crowd(draw, rng, rows=3, top=580, size=90, back=True)
    return 70, 120, "#8e1b1b"


def _classroom(draw: ImageDraw.ImageDraw, rng: random.Random) -> tuple[int, int, str]:
    """A classroom: a green board, desks and pupils in white shirts."""
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill="#f6f0d8")
    draw.rectangle((150, 60, WIDTH - 150, 330), fill="#2f5d3a", outline="#6b4a2b", width=12)
    draw.rectangle((0, 520, WIDTH, HEIGHT), fill="#c9a36b")
    for row, y in enumerate((560, 690)):
        for x in range(90 + row * 60, WIDTH, 260):
            _person(
                draw, x, y, 120, rng.choice(["#ffffff", "#ffffff", "#1f3f7a"]), rng.choice(SKIN)
            )
            draw.rectangle((x - 70, y - 25, x + 70, y + 10), fill="#8b5a2b")
            draw.rectangle((x - 18, y - 40, x + 18, y - 25), fill="#222")
    return 130, 110, "#1f5fa8"


def _outdoors(draw: ImageDraw.ImageDraw, rng: random.Random) -> tuple[int, int, str]:
    """A camp or a temple ground: sky, trees, tents and people standing."""
    draw.rectangle((0, 0, WIDTH, 470), fill="#9fd0f0")
    draw.ellipse((980, 40, 1080, 140), fill="#ffd34d")
    draw.rectangle((0, 470, WIDTH, HEIGHT), fill="#79b85a")
    for x in range(60, WIDTH, 230):
        _tree(draw, x + rng.randint(-30, 30), 480, 150)
    for x in (260, 700):
        draw.polygon([(x, 470), (x + 110, 360), (x + 220, 470)], fill="#f0ad4e", outline="#a0522d")
    _crowd(draw, rng, rows=2, top=640, size=110, back=False)
    return 200, 110, "#2e7d32"


def _village(draw: ImageDraw.ImageDraw, rng: random.Random) -> tuple[int, int, str]:
    """Houses on stilts and volunteers in their vests."""
    draw.rectangle((0, 0, WIDTH, 500), fill="#b9e0f5")
    draw.rectangle((0, 500, WIDTH, HEIGHT), fill="#c2b280")
    for x in range(40, WIDTH, 300):
        draw.rectangle((x, 330, x + 220, 470), fill="#b07a4f", outline="#5a3b22", width=4)
        draw.polygon([(x - 20, 330), (x + 110, 240), (x + 240, 330)], fill="#8b2e2e")
        for leg in (x + 20, x + 200):
            draw.rectangle((leg, 470, leg + 12, 520), fill="#5a3b22")
    for x in range(120, WIDTH, 210):
        _person(draw, x + rng.randint(-20, 20), 720, 150, "#2e8b57", rng.choice(SKIN))
    return 60, 110, "#0b6e4f"


def _fair(draw: ImageDraw.ImageDraw, rng: random.Random) -> tuple[int, int, str]:
    """A moral fair: striped booths, goods on tables and visitors."""
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill="#cfe8f7")
    draw.rectangle((0, 560, WIDTH, HEIGHT), fill="#9e9e9e")
    for index, x in enumerate(range(30, WIDTH, 290)):
        stripes = ("#d9534f", "#ffffff") if index % 2 else ("#1f5fa8", "#ffffff")
        for s in range(6):
            colour = stripes[s % 2]
            draw.rectangle((x + s * 45, 300, x + s * 45 + 45, 350), fill=colour)
        draw.rectangle((x, 350, x + 270, 540), fill="#f7f3e8", outline="#777")
        draw.rectangle((x + 10, 470, x + 260, 500), fill="#8b5a2b")
        for g in range(5):
            draw.ellipse((x + 20 + g * 48, 440, x + 56 + g * 48, 472), fill=rng.choice(CLOTHES))
    _crowd(draw, rng, rows=2, top=690, size=110, back=False)
    return 90, 120, "#b8860b"


SCENES: dict[str, Scene] = {
    "stage": _stage,
    "classroom": _classroom,
    "outdoors": _outdoors,
    "village": _village,
    "fair": _fair,
}
