from django.urls import path

from moralprovince.core import files, views

app_name = "core"
urlpatterns = [
    path("text-size/", views.text_size, name="text-size"),
    path("files/<slug:kind>/<int:pk>/<str:name>", files.serve, name="file"),
]
