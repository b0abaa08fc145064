from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "moralprovince.organisations"
    verbose_name = _("Programmes, networks and organisations")

    def ready(self) -> None:
        from moralprovince.core.actions import Link, offer
        from moralprovince.organisations import access

        def rule(action: str, by_row: bool = False) -> Callable[[Any, str], bool]:
            """The rule asked with the province code, or with a row of that province."""
            return lambda actor, code: access.can(
                actor, action, SimpleNamespace(province_id=code) if by_row else code
            )

        for link in [
            Link(
                80,
                _("Edit programme"),
                "organisations:programme-edit",
                rule("organisations.programme.update", by_row=True),
            ),
            Link(
                90,
                _("Add network"),
                "organisations:network-create",
                rule("organisations.network.create"),
            ),
            Link(
                100,
                _("Add organisation"),
                "organisations:organisation-create",
                rule("organisations.organisation.add_in"),
            ),
            Link(
                110,
                _("People and roles"),
                "organisations:people",
                rule("organisations.people.manage"),
            ),
        ]:
            offer("programme", link)
