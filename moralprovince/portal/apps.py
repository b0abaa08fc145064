from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's shell: the home page, the audit log pages and the reference data loader.

    It sits at the top of the app graph, so it may read every app; nothing imports it.
    """

    name = "moralprovince.portal"
    verbose_name = _("Site")

    def ready(self) -> None:
        from moralprovince.core.actions import Link, offer
        from moralprovince.portal import access

        def reads_log(actor: object, code: str) -> bool:
            return access.can(actor, "portal.read_log", code)  # type: ignore[arg-type]

        offer("programme", Link(120, _("Audit log"), "portal:audit-province", reads_log))


class BackOfficeConfig(admin_apps.AdminConfig):
    """Django's admin, served by the back office site that asks the portal's rules."""

    default = False
    default_site = "moralprovince.portal.backoffice.BackOffice"
