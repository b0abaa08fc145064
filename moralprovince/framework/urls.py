from django.urls import path

from moralprovince.framework import views

app_name = "framework"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/new/", views.edit, name="create"),
    path("<str:kind>/<int:pk>/edit/", views.edit, name="edit"),
]
