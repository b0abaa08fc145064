from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from moralprovince.audit.models import AuditEntry
from moralprovince.organisations import access as organisations_access
from moralprovince.organisations.access import public_programmes
from moralprovince.portal import access, auditlog, queries


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the person's own work. Otherwise: the public programmes."""
    if not request.user.is_authenticated:
        programmes = public_programmes().prefetch_related("years", "province__networks")
        context = {"programmes": programmes, "today": timezone.localdate()}
        return render(request, "portal/home.html", context)
    return my_work(request)


def my_work(request: HttpRequest) -> HttpResponse:
    """What the person owes and by when, what came back to fix, what waits for their review,
    their units and their provinces, each with the link to act on it."""
    today = timezone.localdate()
    context = {
        "today": today,
        "work": queries.work_of(request.user, today),
        "survey_places": queries.open_survey_places(request.user, today),
        "provinces": queries.provinces_of(request.user),
        "without_role": not access.can(request.user, "portal.has_role"),
        "reads_every_province": access.can(request.user, "portal.reads_every_province"),
        "can_start_programme": organisations_access.can(
            request.user, "organisations.programme.create"
        ),
    }
    return render(request, "portal/my_work.html", context)


def _render_log(request: HttpRequest, entries: QuerySet[AuditEntry], title: str) -> HttpResponse:
    page = Paginator(entries.select_related("province"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "rows": auditlog.described(page), "title": title}
    return render(request, "portal/audit_log.html", context)


@login_required
def province_log(request: HttpRequest, code: str) -> HttpResponse:
    """The province's log, for its admins and national admins."""
    programme = access.get_log_programme(request.user, code)
    return _render_log(request, access.log_entries(request.user, code), programme.name)


@login_required
def national_log(request: HttpRequest) -> HttpResponse:
    return _render_log(request, access.log_entries(request.user, None), "")
