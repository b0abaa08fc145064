"""`{% file_url photo %}`: the address of a record's stored file, through the files view
(see `core.files`), which checks who may get it."""

from typing import Any

from django import template

from moralprovince.core.files import url_for

register = template.Library()


@register.simple_tag
def file_url(record: Any) -> str:
    return url_for(record)
