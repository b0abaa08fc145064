from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "moralprovince.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from moralprovince.core.files import FileKind, register
        from moralprovince.jobs.access import jobs_visible_to
        from moralprovince.jobs.models import JobFile

        # A job's files (the year's report) go to whoever sees the job: its own rule.
        register(
            FileKind(
                kind="job",
                model=JobFile,
                field="file",
                records=lambda actor: JobFile.objects.filter(job__in=jobs_visible_to(actor)),
                title=lambda row: row.download_title,
            )
        )
