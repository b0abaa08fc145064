from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from moralprovince.api import (
    assessment_views,
    certificate_views,
    file_views,
    monitoring_views,
    partnership_views,
    people_views,
    plan_views,
    search_views,
    survey_views,
    views,
)

router = SimpleRouter()
router.register("provinces", views.ProgrammeViewSet, basename="programme")
router.register("networks", views.NetworkViewSet, basename="network")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("declarations", plan_views.DeclarationViewSet, basename="declaration")
router.register("target-virtues", plan_views.TargetVirtueViewSet, basename="target-virtue")
router.register("plans", plan_views.PlanViewSet, basename="plan")
router.register("goals", plan_views.GoalViewSet, basename="goal")
router.register("activities", plan_views.ActivityViewSet, basename="activity")
router.register("budget-lines", plan_views.BudgetLineViewSet, basename="budget-line")
router.register("indicators", monitoring_views.IndicatorViewSet, basename="indicator")
router.register("targets", monitoring_views.TargetViewSet, basename="target")
router.register(
    "indicator-values", monitoring_views.IndicatorValueViewSet, basename="indicator-value"
)
router.register(
    "activity-reports", monitoring_views.ActivityReportViewSet, basename="activity-report"
)
router.register("visits", monitoring_views.VisitViewSet, basename="visit")
router.register(
    "survey-instruments", survey_views.InstrumentVersionViewSet, basename="survey-instrument"
)
router.register("survey-rounds", survey_views.RoundViewSet, basename="survey-round")
router.register("certificates", certificate_views.CertificateViewSet, basename="certificate")
router.register("courses", people_views.CourseViewSet, basename="course")
router.register("batches", people_views.BatchViewSet, basename="batch")
router.register("enrolments", people_views.EnrolmentViewSet, basename="enrolment")
router.register("attendance", people_views.AttendanceViewSet, basename="attendance")
router.register("trainers", people_views.TrainerViewSet, basename="trainer")
router.register("meetings", partnership_views.MeetingViewSet, basename="meeting")
router.register("actions", partnership_views.ActionViewSet, basename="action-item")
router.register("partners", partnership_views.PartnerViewSet, basename="partner")
router.register("mous", partnership_views.MouViewSet, basename="mou")
router.register(
    "assessment-criteria", assessment_views.CriteriaVersionViewSet, basename="assessment-criteria"
)
router.register("assessment-rounds", assessment_views.RoundViewSet, basename="assessment-round")
router.register("assessments", assessment_views.AssessmentViewSet, basename="assessment")

# The schema and its docs page describe the API, not its data, so they are public.
urlpatterns = [
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="api-schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", permission_classes=[AllowAny], authentication_classes=[]
        ),
        name="api-docs",
    ),
    path("search/", search_views.SearchView.as_view(), name="api-search"),
    path("files/<slug:kind>/<int:pk>/<str:name>", file_views.FileView.as_view(), name="api-file"),
    path(
        "certificates/verify/<str:code>/",
        certificate_views.VerifyView.as_view(),
        name="api-certificate-verify",
    ),
    path("", include(router.urls)),
]
