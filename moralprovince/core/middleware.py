from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.views.defaults import page_not_found


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are in Thai unless the person chose English with the switch.

    A browser's own language setting is ignored for pages: many Thai phones are set to
    English, and the programme's working language is Thai. API clients may still ask for
    English with Accept-Language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language


class SiteErrorPagesMiddleware:
    """The site's own "page not found" in Thai, also when DEBUG is on.

    With DEBUG, Django answers a missing row (`Http404` from a `get_*_for_user` lookup) and
    an address that matches no URL with its technical page, in English and listing the
    URL conf. People testing a development install read those pages too, so the site shows
    its own 404 page in both cases, as it does in production. Server errors keep Django's
    technical page with DEBUG: that is where a developer reads the traceback.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No view was found for the address: Django drew its technical page (with DEBUG) or
        # the site's 404 (without); either way the site's page is what the person gets.
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
