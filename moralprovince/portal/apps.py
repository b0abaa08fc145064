from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's shell: the home page, the audit log pages and the reference data loader.

    It sits at the top of the app graph, so it may read every app; nothing imports it.
    """

    name = "moralprovince.portal"
    verbose_name = _("Site")
