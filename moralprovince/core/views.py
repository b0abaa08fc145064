from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from moralprovince.core.textsize import COOKIE, next_size, text_size_of


def text_size(request: HttpRequest) -> HttpResponse:
    """Change the text size (for browsers without the script) and go back."""
    size = next_size(text_size_of(request), request.GET.get("step", ""))
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(COOKIE, str(size), max_age=365 * 24 * 3600, samesite="Lax")
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: most often a page left open past a logout or a
    login elsewhere. The site's own page says so in Thai, instead of Django's English one."""
    return render(request, "403_csrf.html", status=403)
