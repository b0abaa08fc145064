"""Background jobs with visible progress: reports, exports, bulk imports."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moralprovince.lib.storage import RandomName

# What each kind of job does, as people read it: the heading of the job's page. The kinds
# are registered by the apps above this one (`services.register`); a test checks that each
# registered kind has its title here. "%(fiscal_year)s" and the like come from the job's
# parameters.
KIND_TITLES = {
    "certificates.batch": _("Certificates, %(count)s of them"),
    "monitoring.year_report": _("The year's evaluation report, fiscal year %(fiscal_year)s"),
    "surveys.check": _("Checking a file of survey responses"),
    "surveys.import": _("Importing survey responses"),
}


class _Params(dict[str, Any]):
    """A job's parameters for its title: one that is missing reads as a dash."""

    def __missing__(self, key: str) -> str:
        return "—"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=50)
    province = models.ForeignKey("geo.Province", models.CASCADE, null=True, related_name="+")
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    # Queued by the system (a command), not a person: runs with the system's rights. A job
    # whose person's account is gone has neither, and runs with no rights at all.
    by_system = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # How many times a worker started it: a job whose worker died is queued again.
    attempts = models.PositiveSmallIntegerField(default=0)
    # The task of Django's tasks framework that runs it (the latest, after a retry).
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        # The worker takes the oldest waiting job.
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def title(self) -> str:
        """What the job does, in the page's language."""
        title = KIND_TITLES.get(self.kind)
        if title is None:
            return gettext("Background job")
        return str(title) % _Params(self.params)

    @property
    def status_text(self) -> str:
        """What the status alone does not say: the step while it runs, the reason it failed.
        A step's message ("making the Excel file") is never shown once the job is over."""
        if self.status == self.Status.RUNNING:
            return self.message
        if self.status == self.Status.FAILED:
            return self.message or gettext("unknown error")
        return ""


class JobFile(models.Model):
    job = models.ForeignKey(Job, models.CASCADE, related_name="files")
    label = models.CharField(max_length=100)
    file = models.FileField(upload_to=RandomName("jobs/%Y/%m/"))
    # The name the file is downloaded under ("report-84-2565.pdf"); it is stored under a
    # random one. Files made before it was kept have "".
    name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.label

    @property
    def download_title(self) -> str:
        """The download's name without its extension."""
        name = self.name or self.file.name.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0]
