from django.urls import path

from moralprovince.certificates import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify, name="verify-form"),
    path("verify/<str:code>/", views.verify_code, name="verify"),
    path("provinces/<str:code>/certificates/", views.certificate_list, name="list"),
    path(
        "provinces/<str:code>/certificates/signatories/",
        views.signatories,
        name="signatories",
    ),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("certificates/<int:pk>/revoke/", views.revoke, name="revoke"),
]
