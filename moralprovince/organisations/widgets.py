"""A choice among a province's organisations that types ahead instead of listing them all.

A province holds hundreds or thousands of organisations: a select with every one of them
makes the page heavy and the choice slow on a phone. This widget renders a search box and a
select holding only the chosen organisation; typing part of a name fills the select with
the matches (`organisations:lookup`, through htmx), each still checked by the form's field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from moralprovince.lib.lookup import is_row_id


class OrganisationLookup(forms.Select):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.province_id = ""
        self.network_id: int | None = None

    def for_province(self, province_id: str, network_id: int | None = None) -> OrganisationLookup:
        """Say where to look: the province, and the network being joined, if any."""
        self.province_id, self.network_id = province_id, network_id
        return self

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> list[Any]:
        """Only the chosen organisation, never the whole queryset."""
        chosen = [v for v in value if is_row_id(v)]
        options = [self.create_option(name, "", "—", not chosen, 0)]
        queryset = getattr(self.choices, "queryset", None)
        if chosen and queryset is not None:
            for n, row in enumerate(queryset.filter(pk__in=chosen), start=1):
                options.append(self.create_option(name, row.pk, str(row), True, n))
        return [(None, [option], n) for n, option in enumerate(options)]

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        select = super().render(name, value, attrs, renderer)
        target = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        url = reverse("organisations:lookup", args=[self.province_id])
        if self.network_id:
            url += f"?network={self.network_id}"
        search = format_html(
            '<input type="search" name="lookup_q" autocomplete="off" placeholder="{}" '
            'aria-label="{}" hx-get="{}" hx-trigger="input changed delay:300ms" '
            'hx-target="#{}" hx-include="this">',
            _("Type part of the name"),
            _("Find an organisation by name"),
            url,
            target,
        )
        return format_html("{}{}", search, select)
