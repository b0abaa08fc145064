from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("moralprovince.core.urls")),
    path("", include("moralprovince.organisations.urls")),
    path("", include("moralprovince.portal.urls")),
    path("", include("moralprovince.plans.urls")),
    path("", include("moralprovince.monitoring.urls")),
    path("", include("moralprovince.jobs.urls")),
    path("", include("moralprovince.knowledge.urls")),
    path("", include("moralprovince.surveys.urls")),
    path("accounts/", include("moralprovince.accounts.urls")),
    path("framework/", include("moralprovince.framework.urls")),
    path("api/v1/", include("moralprovince.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)  # type: ignore[arg-type]
