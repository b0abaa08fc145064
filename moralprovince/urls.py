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
    path("", include("moralprovince.certificates.urls")),
    path("", include("moralprovince.assessments.urls")),
    path("", include("moralprovince.people.urls")),
    path("", include("moralprovince.partnerships.urls")),
    path("accounts/", include("moralprovince.accounts.urls")),
    path("framework/", include("moralprovince.framework.urls")),
    path("api/v1/", include("moralprovince.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# Uploaded files are not served from MEDIA_ROOT, not even with DEBUG on: each goes through
# the files view (`core.files`, /files/…), which asks its record's access rule first.
# Under /api/ an address that names nothing gets a JSON 404, as the API's own refusals are.
handler404 = "moralprovince.api.errors.page_not_found"
