"""`{% links_for "activity" activity activity.pk as links %}`: the links other apps offer
about a row, each shown only to those its rule lets in (see `core.actions`)."""

from typing import Any

from django import template

from moralprovince.core.actions import links_for as offered
from moralprovince.core.actions import panels_for as sections

register = template.Library()


@register.simple_tag(takes_context=True)
def links_for(context: dict[str, Any], place: str, obj: Any, *args: Any) -> list[dict[str, Any]]:
    return offered(place, context["request"].user, obj, *args)


@register.simple_tag(takes_context=True)
def panels_for(context: dict[str, Any], place: str, obj: Any) -> list[dict[str, Any]]:
    """`{% panels_for "province" code as panels %}`: sections other apps add to the page."""
    return sections(place, context["request"].user, obj)
