from django.urls import path

from moralprovince.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<int:job_id>/", views.job, name="job"),
]
