from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from moralprovince.core.textsize import COOKIE, next_size, text_size_of
from moralprovince.organisations.access import programmes_visible_to
from moralprovince.organisations.models import Programme


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the programmes the person works in. Otherwise: the public programmes."""
    if request.user.is_authenticated:
        programmes = programmes_visible_to(request.user)
    else:
        programmes = Programme.objects.filter(is_public=True).select_related("province")
    programmes = programmes.prefetch_related("years", "province__networks")
    return render(
        request, "core/home.html", {"programmes": programmes, "today": timezone.localdate()}
    )


def text_size(request: HttpRequest) -> HttpResponse:
    """Change the text size (for browsers without the script) and go back."""
    size = next_size(text_size_of(request), request.GET.get("step", ""))
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(COOKIE, str(size), max_age=365 * 24 * 3600, samesite="Lax")
    return response
