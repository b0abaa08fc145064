from django.urls import path

from moralprovince.monitoring import views

app_name = "monitoring"
province = "provinces/<str:code>/"
urlpatterns = [
    path(f"{province}indicators/", views.indicators, name="indicators"),
    path(f"{province}indicators/new/", views.indicator_edit, name="indicator-create"),
    path(f"{province}periods/", views.periods, name="periods"),
    path(f"{province}periods/<int:lock_id>/unlock/", views.period_unlock, name="period-unlock"),
    path(f"{province}iptt/", views.iptt, name="iptt"),
    path(f"{province}dashboard/", views.dashboard, name="dashboard"),
    path(f"{province}reporting-status/", views.status_board, name="status"),
    path(f"{province}year-report/", views.year_report, name="year-report"),
    path(f"{province}visits/", views.visits, name="visits"),
    path(f"{province}visits/new/", views.visit_edit, name="visit-create"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit-edit"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator-edit"),
    path("indicators/<int:pk>/targets/", views.target_set, name="target-set"),
    path("indicators/<int:pk>/values/", views.value_save, name="value-save"),
    path("indicators/<int:pk>/compute/", views.value_compute, name="value-compute"),
    path("indicators/<int:pk>/records/<int:fy>/<str:period>/", views.records, name="records"),
    path("values/<int:pk>/<str:action>/", views.value_review, name="value-review"),
    path("plans/<int:plan_id>/iptt/", views.plan_iptt, name="plan-iptt"),
    path("activities/<int:activity_id>/reports/new/", views.report_create, name="report-create"),
    path("activity-reports/<int:pk>/", views.report, name="report"),
    path("activity-reports/<int:pk>/delete/", views.report_delete, name="report-delete"),
]
