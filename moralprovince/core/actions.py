"""Links a page offers that lead into other apps, each shown only to those its rule lets in.

A page of a lower app (the programme page, in organisations) cannot import the apps above it.
Those apps add their links here when they start (`AppConfig.ready`), each with the question
to put to their own rule table; the page lists what the person may open, so no link leads to
a 404 and no rule is restated in a template.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    order: int
    label: Any  # a lazy translation
    url_name: str
    allowed: Callable[[Any, str], bool]  # (actor, province code)
    primary: bool = False


PLACES: dict[str, list[Link]] = defaultdict(list)


def offer(place: str, link: Link) -> None:
    if link not in PLACES[place]:
        PLACES[place].append(link)


def links_for(place: str, actor: Any, code: str) -> list[dict[str, Any]]:
    """The place's links the actor may open, in order, with their addresses."""
    return [
        {"label": link.label, "url": reverse(link.url_name, args=[code]), "primary": link.primary}
        for link in sorted(PLACES[place], key=lambda link: link.order)
        if link.allowed(actor, code)
    ]
