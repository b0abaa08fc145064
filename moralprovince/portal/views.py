from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from moralprovince.audit.models import AuditEntry
from moralprovince.organisations import access as organisations_access
from moralprovince.organisations.access import programmes_visible_to, public_programmes
from moralprovince.portal import access


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the programmes the person works in. Otherwise: the public programmes."""
    if request.user.is_authenticated:
        programmes = programmes_visible_to(request.user)
    else:
        programmes = public_programmes()
    programmes = programmes.prefetch_related("years", "province__networks")
    context = {
        "programmes": programmes,
        "today": timezone.localdate(),
        "without_role": request.user.is_authenticated
        and not access.can(request.user, "portal.has_role"),
        "can_start_programme": organisations_access.can(
            request.user, "organisations.programme.create"
        ),
    }
    return render(request, "portal/home.html", context)


def _render_log(request: HttpRequest, entries: QuerySet[AuditEntry], title: str) -> HttpResponse:
    page = Paginator(entries.select_related("province"), 50).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {"page": page, "title": title})


@login_required
def province_log(request: HttpRequest, code: str) -> HttpResponse:
    """The province's log, for its admins and national admins."""
    programme = access.get_log_programme(request.user, code)
    return _render_log(request, access.log_entries(request.user, code), programme.name)


@login_required
def national_log(request: HttpRequest) -> HttpResponse:
    return _render_log(request, access.log_entries(request.user, None), "")
