from django.urls import path

from moralprovince.core import views

app_name = "core"
urlpatterns = [
    path("text-size/", views.text_size, name="text-size"),
]
