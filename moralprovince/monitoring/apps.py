from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "moralprovince.monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        # Registers the year's report as a kind of background job.
        from moralprovince.monitoring import report  # noqa: F401
