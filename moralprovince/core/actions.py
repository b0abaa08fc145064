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
    allowed: Callable[[Any, Any], bool]  # (actor, the place's object: a province code, a row)
    primary: bool = False


PLACES: dict[str, list[Link]] = defaultdict(list)


def offer(place: str, link: Link) -> None:
    """Add a link to a place; offering the same address again replaces it (an app's `ready`
    may run twice, as when a test changes the installed apps)."""
    PLACES[place] = [kept for kept in PLACES[place] if kept.url_name != link.url_name]
    PLACES[place].append(link)


def links_for(place: str, actor: Any, obj: Any, *args: Any) -> list[dict[str, Any]]:
    """The place's links the actor may open about `obj`, in order, with their addresses
    (the URL's arguments are `args`, or the object itself)."""
    return [
        {
            "label": link.label,
            "url": reverse(link.url_name, args=list(args or [obj])),
            "primary": link.primary,
        }
        for link in sorted(PLACES[place], key=lambda link: link.order)
        if link.allowed(actor, obj)
    ]


@dataclass(frozen=True)
class Panel:
    """A section another app adds to a lower app's page: its template, given the rows
    `rows(actor, obj)` returns (an empty result shows nothing)."""

    order: int
    template: str
    rows: Callable[[Any, Any], Any]


PANELS: dict[str, list[Panel]] = defaultdict(list)


def offer_panel(place: str, panel: Panel) -> None:
    """Add a section to a place; offering the same template again replaces it."""
    PANELS[place] = [kept for kept in PANELS[place] if kept.template != panel.template]
    PANELS[place].append(panel)


def panels_for(place: str, actor: Any, obj: Any) -> list[dict[str, Any]]:
    """The place's sections that have something to show the actor about `obj`, in order."""
    shown = []
    for panel in sorted(PANELS[place], key=lambda panel: panel.order):
        rows = panel.rows(actor, obj)
        if rows:
            shown.append({"template": panel.template, "rows": rows})
    return shown
