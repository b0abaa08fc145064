from django.contrib.auth import views as auth_views
from django.urls import path

from moralprovince.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("provinces/<str:code>/people/", views.people, name="people"),
    path(
        "provinces/<str:code>/people/roles/<int:role_id>/revoke/",
        views.role_revoke,
        name="role-revoke",
    ),
]
