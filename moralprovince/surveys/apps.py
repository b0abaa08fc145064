from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "moralprovince.surveys"
    verbose_name = _("Youth life-assets survey")

    def ready(self) -> None:
        from moralprovince.surveys import jobs, sources  # noqa: F401  (register kinds)

        self.register_files()

    def register_files(self) -> None:
        """The kept copy of a file of survey responses: only for those who run its round."""
        from moralprovince.core.files import FileKind, register
        from moralprovince.surveys.access import rounds_runnable_by
        from moralprovince.surveys.models import ResponseImport

        register(
            FileKind(
                kind="survey-import",
                model=ResponseImport,
                field="file",
                records=lambda actor: ResponseImport.objects.filter(
                    round__in=rounds_runnable_by(actor)
                ),
                title=lambda row: row.original_name or f"responses-{row.pk}",
            )
        )
