from django.urls import path

from moralprovince.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.national_log, name="national"),
    path("provinces/<str:code>/audit/", views.province_log, name="province"),
]
