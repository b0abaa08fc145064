from django.urls import path

from moralprovince.surveys import answer, views

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.index, name="index"),
    path("surveys/national/", views.national, name="national"),
    path("surveys/instruments/upload/", views.instrument_upload, name="instrument-upload"),
    path("surveys/instruments/<int:pk>/", views.instrument, name="instrument"),
    path(
        "surveys/instruments/<int:pk>/v<int:number>.xlsx",
        views.instrument_workbook,
        name="instrument-workbook",
    ),
    path(
        "surveys/instruments/<int:pk>/v<int:number>/scoring/",
        views.instrument_scoring,
        name="instrument-scoring",
    ),
    path("surveys/rounds/new/", views.round_new, name="round-new"),
    path("surveys/rounds/<int:pk>/", views.round_detail, name="round"),
    path("surveys/rounds/<int:pk>/delete/", views.round_delete, name="round-delete"),
    path("surveys/rounds/<int:pk>/import/", views.import_upload, name="import-upload"),
    path("surveys/rounds/<int:pk>/results/", views.round_results, name="results"),
    path("surveys/rounds/<int:pk>/results.pdf", views.results_pdf, name="results-pdf"),
    path("surveys/rounds/<int:pk>/results.xlsx", views.results_xlsx, name="results-xlsx"),
    path("surveys/rounds/<int:pk>/responses.csv", views.responses_csv, name="responses-csv"),
    path(
        "surveys/rounds/<int:pk>/schools/<int:school_id>/",
        views.school_results,
        name="school-results",
    ),
    path(
        "surveys/rounds/<int:pk>/schools/<int:school_id>.pdf", views.school_pdf, name="school-pdf"
    ),
    path(
        "surveys/rounds/<int:pk>/schools/<int:school_id>/devices/",
        views.school_devices,
        name="school-devices",
    ),
    path("surveys/imports/<int:pk>/", views.import_detail, name="import"),
    path("s/<str:token>/", answer.start, name="answer"),
    path("s/<str:token>/<int:number>/", answer.step, name="answer-step"),
    path("s/<str:token>/done/", answer.done, name="answer-done"),
]
