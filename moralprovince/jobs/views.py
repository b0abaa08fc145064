from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from moralprovince.jobs.access import get_job_for_user


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's progress; htmx asks again for the fragment until the job is finished."""
    row = get_job_for_user(request.user, job_id)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/job.html"
    return render(request, template, {"job": row})


@login_required
def download(request: HttpRequest, job_id: int, file_id: int) -> HttpResponseBase:
    row = get_job_for_user(request.user, job_id)
    item = row.files.filter(pk=file_id).first()
    if item is None:
        raise Http404
    try:
        stream = item.file.open("rb")
    except OSError:
        # The file is gone from storage (cleaned up, or a restore without media).
        raise Http404 from None
    return FileResponse(stream, as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])
