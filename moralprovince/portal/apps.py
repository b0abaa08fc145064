from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's shell: the home page, the audit log pages and the reference data loader.

    It sits at the top of the app graph, so it may read every app; nothing imports it.
    """

    name = "moralprovince.portal"
    verbose_name = _("Site")


class BackOfficeConfig(admin_apps.AdminConfig):
    """Django's admin, served by the back office site that asks the portal's rules."""

    default = False
    default_site = "moralprovince.portal.backoffice.BackOffice"
