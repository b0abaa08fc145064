from django.urls import path

from moralprovince.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.national_log, name="audit-national"),
    path("provinces/<str:code>/audit/", views.province_log, name="audit-province"),
]
