from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from moralprovince.accounts.scope import scope_for
from moralprovince.audit.models import AuditEntry
from moralprovince.organisations.access import get_programme_for_user


def _render_log(request: HttpRequest, entries, title: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    page = Paginator(entries.select_related("province"), 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "title": title})


@login_required
def province_log(request: HttpRequest, code: str) -> HttpResponse:
    """The province's log, for its admins and national admins."""
    programme = get_programme_for_user(request.user, code, write=True)
    return _render_log(request, AuditEntry.objects.filter(province_id=code), programme.name)


@login_required
def national_log(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).national:
        raise Http404
    return _render_log(request, AuditEntry.objects.all(), "")
