from django.urls import path

from moralprovince.people import certificate_views, views

app_name = "people"

urlpatterns = [
    path("provinces/<str:code>/training/", views.courses, name="courses"),
    path("provinces/<str:code>/training/new/", views.course_edit, name="course-create"),
    path("training/courses/<int:pk>/", views.course, name="course"),
    path("training/courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("training/courses/<int:course_id>/batches/new/", views.batch_edit, name="batch-create"),
    path("training/batches/<int:pk>/", views.batch, name="batch"),
    path("training/batches/<int:pk>/edit/", views.batch_edit, name="batch-edit"),
    path(
        "training/batches/<int:batch_id>/sessions/new/", views.session_edit, name="session-create"
    ),
    path("training/sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("training/batches/<int:batch_id>/enrol/", views.enrol, name="enrol"),
    path("training/batches/<int:batch_id>/results/", views.results, name="results"),
    path("training/batches/<int:batch_id>/import/", views.import_sheet, name="import"),
    path("training/batches/<int:batch_id>/completers/", views.completers, name="completers"),
    path(
        "training/batches/<int:batch_id>/certificates/",
        certificate_views.batch_certificates,
        name="batch-certificates",
    ),
    path("join/<str:token>/", views.join, name="join"),
    path("training/people/<int:pk>/", views.person, name="person"),
    path("training/people/<int:pk>/export.json", views.person_export, name="person-export"),
    path("training/people/<int:pk>/erase/", views.person_erase, name="person-erase"),
    path("provinces/<str:code>/trainers/", views.trainers, name="trainers"),
    path("provinces/<str:code>/trainers/new/", views.trainer_create, name="trainer-create"),
    path("trainers/<int:pk>/", views.trainer, name="trainer"),
    path("trainers/<int:pk>/edit/", views.trainer_edit, name="trainer-edit"),
    path(
        "activities/<int:activity_id>/trainers/",
        views.activity_trainers,
        name="activity-trainers",
    ),
]
