from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from moralprovince.jobs.access import get_job_for_user
from moralprovince.jobs.services import reap_stale_jobs


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's progress; htmx asks again for the fragment until the job is finished.

    Its files are downloaded through the files view (`core.files`), under the job's rule.
    A job whose worker died is put back (or failed) first, so its page says so."""
    reap_stale_jobs()
    row = get_job_for_user(request.user, job_id)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/job.html"
    return render(request, template, {"job": row})
