from django.urls import path

from moralprovince.organisations import people, views

app_name = "organisations"
urlpatterns = [
    path("provinces/<str:code>/people/", people.people, name="people"),
    path(
        "provinces/<str:code>/people/roles/<int:role_id>/revoke/",
        people.role_revoke,
        name="role-revoke",
    ),
    path("provinces/new/", views.programme_create, name="programme-create"),
    path("provinces/<str:code>/", views.programme, name="programme"),
    path("provinces/<str:code>/edit/", views.programme_edit, name="programme-edit"),
    path("provinces/<str:code>/years/", views.programme_year_add, name="programme-year-add"),
    path(
        "provinces/<str:code>/years/<int:year_id>/remove/",
        views.programme_year_remove,
        name="programme-year-remove",
    ),
    path("provinces/<str:code>/networks/new/", views.network_create, name="network-create"),
    path(
        "provinces/<str:code>/organisations/new/",
        views.organisation_create,
        name="organisation-create",
    ),
    path("networks/<int:network_id>/", views.network, name="network"),
    path("networks/<int:network_id>/edit/", views.network_edit, name="network-edit"),
    path("networks/<int:network_id>/members/", views.network_member_add, name="member-add"),
    path(
        "networks/<int:network_id>/members/<int:organisation_id>/remove/",
        views.network_member_remove,
        name="member-remove",
    ),
    path("organisations/", views.directory, name="directory"),
    path("provinces/<str:code>/organisations/lookup/", views.lookup, name="lookup"),
    path("organisations/<int:organisation_id>/", views.organisation, name="organisation"),
    path(
        "organisations/<int:organisation_id>/edit/",
        views.organisation_edit,
        name="organisation-edit",
    ),
]
