"""Template questions about knowledge, for pages of apps below this one in the app graph."""

from typing import Any

from django import template

from moralprovince.knowledge.access import can

register = template.Library()


@register.simple_tag(takes_context=True)
def can_write_knowledge(context: dict[str, Any], province_id: str) -> bool:
    return can(context["request"].user, "knowledge.write", province_id)
