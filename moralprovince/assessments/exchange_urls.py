from django.urls import path

from moralprovince.assessments import exchange_views as views

urlpatterns = [
    path("assessments/criteria/import/", views.criteria_import, name="criteria-import"),
    path(
        "assessments/criteria/<int:pk>/workbook/",
        views.criteria_workbook_download,
        name="criteria-workbook",
    ),
    path("assessments/rounds/<int:pk>/import/", views.results_import, name="results-import"),
    path(
        "assessments/rounds/<int:pk>/template/<str:unit_type>/",
        views.results_template,
        name="results-template",
    ),
    path("assessments/rounds/<int:pk>/export/", views.results_export, name="results-export"),
]
