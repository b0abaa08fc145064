from django.urls import path

from moralprovince.assessments import certificate_views, exchange_urls, views

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.index, name="index"),
    path("assessments/national/", views.national, name="national"),
    path("assessments/criteria/", views.criteria, name="criteria"),
    path("assessments/criteria/new/", views.criteria_create, name="criteria-create"),
    path("assessments/criteria/<int:pk>/", views.criteria_detail, name="criteria-detail"),
    path("assessments/criteria/<int:pk>/items/new/", views.item_edit, name="item-create"),
    path("assessments/criteria/<int:pk>/items/<int:number>/", views.item_edit, name="item-edit"),
    path("assessments/criteria/<int:pk>/rules/", views.rules_edit, name="rules-edit"),
    path("assessments/criteria/<int:pk>/publish/", views.criteria_publish, name="publish"),
    path("provinces/<str:code>/assessments/new/", views.round_create, name="round-create"),
    path("provinces/<str:code>/assessments/results/", views.public, name="public"),
    path("provinces/<str:code>/communities/", views.communities, name="communities"),
    path("assessments/rounds/<int:pk>/", views.board, name="board"),
    path("assessments/rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("assessments/rounds/<int:pk>/approve/", views.round_approve, name="round-approve"),
    path(
        "assessments/rounds/<int:pk>/certificates/",
        certificate_views.round_certificates,
        name="round-certificates",
    ),
    path(
        "assessments/assignments/<int:pk>/remove/",
        views.assignment_remove,
        name="assignment-remove",
    ),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/fill/", views.assessment_fill, name="fill"),
    path("assessments/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("assessments/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence-delete"),
    path("assessments/<int:pk>/verify/", views.assessment_verify, name="verify"),
    path("assessments/<int:pk>/reopen/", views.assessment_reopen, name="reopen"),
]
urlpatterns += exchange_urls.urlpatterns
