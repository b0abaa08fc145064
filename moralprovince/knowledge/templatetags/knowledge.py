"""Template questions about knowledge, for pages of apps below this one in the app graph."""

from typing import Any

from django import template

from moralprovince.knowledge.access import can
from moralprovince.organisations.models import Programme

register = template.Library()


@register.simple_tag(takes_context=True)
def can_write_knowledge(context: dict[str, Any], programme: Programme) -> bool:
    """Whether the person may write the knowledge (news, cases…) of the programme's province."""
    return can(context["request"].user, "knowledge.write", programme)
