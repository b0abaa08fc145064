from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "moralprovince.surveys"
    verbose_name = _("Youth life-assets survey")

    def ready(self) -> None:
        from moralprovince.surveys import jobs, sources  # noqa: F401  (register kinds)
