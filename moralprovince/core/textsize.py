"""The text-size control of the source article (A- A A+), kept in a cookie.

The server reads the cookie so the page is drawn at the chosen size from the first paint;
the script only saves the choice and applies it without a reload.
"""

from django.http import HttpRequest

COOKIE = "textsize"
SIZES = (-2, -1, 0, 1, 2, 3)


def text_size_of(request: HttpRequest) -> int:
    try:
        size = int(request.COOKIES.get(COOKIE, "0"))
    except ValueError:
        return 0
    return size if size in SIZES else 0


def next_size(current: int, step: str) -> int:
    if step == "reset":
        return 0
    delta = 1 if step == "up" else -1 if step == "down" else 0
    return min(max(current + delta, SIZES[0]), SIZES[-1])
