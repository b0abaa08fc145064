from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from moralprovince.api import views

router = SimpleRouter()
router.register("provinces", views.ProgrammeViewSet, basename="programme")
router.register("networks", views.NetworkViewSet, basename="network")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

# The schema and its docs page describe the API, not its data, so they are public.
urlpatterns = [
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="api-schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(
            url_name="api-schema", permission_classes=[AllowAny], authentication_classes=[]
        ),
        name="api-docs",
    ),
    path("", include(router.urls)),
]
