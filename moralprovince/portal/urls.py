from django.urls import path

from moralprovince.portal import health, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("audit/", views.national_log, name="audit-national"),
    path("provinces/<str:code>/audit/", views.province_log, name="audit-province"),
]
