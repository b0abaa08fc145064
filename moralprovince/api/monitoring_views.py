"""API for indicators, targets, values (with review), activity reports and visits."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from moralprovince.accounts.scope import scope_for
from moralprovince.api import monitoring_serializers as ms
from moralprovince.api.plan_views import WRITE_METHODS, _member_provinces
from moralprovince.api.views import ScopedViewSet, _int_param, call_service
from moralprovince.geo.models import Province
from moralprovince.monitoring import services
from moralprovince.monitoring.access import (
    activities_reportable_by,
    indicators_visible_to,
    reports_visible_to,
    values_visible_to,
    visit_writer_provinces,
    visits_visible_to,
)
from moralprovince.monitoring.models import Indicator, MonitoringVisit, Target
from moralprovince.organisations.access import networks_visible_to, organisations_visible_to
from moralprovince.plans.access import can_write_unit

COMMENT = inline_serializer(
    "ValueReviewComment", {"comment": serializers.CharField(required=False)}
)


class IndicatorViewSet(ScopedViewSet):
    serializer_class = ms.IndicatorSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = indicators_visible_to(self.request.user, self.request.method in WRITE_METHODS)
        province = self.request.query_params.get("province")
        return qs.filter(province_id=province) if province else qs

    def scoped_serializer(self, serializer: Any) -> Any:
        fields, user = serializer.fields, self.request.user
        if not fields["province"].read_only:
            fields["province"].queryset = _member_provinces(user)
            fields["network"].queryset = networks_visible_to(user)
            fields["organisation"].queryset = organisations_visible_to(user)
        return serializer

    def _save(self, indicator: Indicator, data: dict[str, Any]) -> Indicator:
        virtues = data.pop("virtues", indicator.virtues.all() if indicator.pk else [])
        dimensions = data.pop("dimensions", indicator.dimensions.all() if indicator.pk else [])
        return call_service(
            lambda: services.save_indicator(
                actor=self.request.user,
                indicator=indicator,
                data=data,
                virtues=virtues,
                dimensions=dimensions,
            )
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        unit = {k: data.pop(k, None) for k in ("province", "network", "organisation")}
        if not can_write_unit(
            self.request.user, unit["province"].pk, unit["network"], unit["organisation"]
        ):
            raise exceptions.PermissionDenied
        serializer.instance = self._save(Indicator(**unit), data)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer.instance, dict(serializer.validated_data))


class TargetViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Targets are set (created or replaced) per indicator, year and period."""

    serializer_class = ms.TargetSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Target.objects.filter(indicator__in=indicators_visible_to(self.request.user))
        indicator = _int_param(self.request.query_params, "indicator")
        return qs.filter(indicator_id=indicator) if indicator else qs

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer: Any = super().get_serializer(*args, **kwargs)
        if not kwargs.get("many"):
            serializer.fields["indicator"].queryset = indicators_visible_to(
                self.request.user, write=True
            )
        return serializer

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = call_service(
            lambda: services.set_target(actor=self.request.user, **serializer.validated_data)
        )


class IndicatorValueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Values are entered (as drafts) by POST, then submitted, approved or returned."""

    serializer_class = ms.IndicatorValueSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = values_visible_to(self.request.user, write=self.action == "submit")
        params = self.request.query_params
        indicator, year = _int_param(params, "indicator"), _int_param(params, "fiscal_year")
        qs = qs.filter(indicator_id=indicator) if indicator else qs
        return qs.filter(fiscal_year=year) if year else qs

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer: Any = super().get_serializer(*args, **kwargs)
        if not kwargs.get("many") and "indicator" in getattr(serializer, "fields", {}):
            serializer.fields["indicator"].queryset = indicators_visible_to(
                self.request.user, write=True
            )
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.save_value(
                actor=self.request.user,
                indicator=data["indicator"],
                fiscal_year=data["fiscal_year"],
                period=data["period"],
                value=data["value"],
                comment=data.get("comment", ""),
            )
        )

    def _step(self, request: Request, step: Any) -> Response:
        value = self.get_object()
        call_service(lambda: step(value, request.data.get("comment", "")))
        value.refresh_from_db()
        return Response(self.get_serializer(value).data)

    @extend_schema(request=None, responses=ms.IndicatorValueSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, lambda v, _c: services.submit_value(actor=request.user, value=v))

    @extend_schema(request=None, responses=ms.IndicatorValueSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request, lambda v, _c: services.approve_value(actor=request.user, value=v)
        )

    @extend_schema(request=COMMENT, responses=ms.IndicatorValueSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_value(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request, lambda v, c: services.return_value(actor=request.user, value=v, comment=c)
        )


class ActivityReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ms.ActivityReportSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = reports_visible_to(self.request.user)
        activity = _int_param(self.request.query_params, "activity")
        return qs.filter(activity_id=activity) if activity else qs

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer: Any = super().get_serializer(*args, **kwargs)
        if not kwargs.get("many"):
            serializer.fields["activity"].queryset = activities_reportable_by(self.request.user)
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        activity = data.pop("activity")
        serializer.instance = call_service(
            lambda: services.create_activity_report(
                actor=self.request.user, activity=activity, data=data
            )
        )


class VisitViewSet(ScopedViewSet):
    serializer_class = ms.VisitSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return visits_visible_to(self.request.user, self.request.method in WRITE_METHODS)

    def scoped_serializer(self, serializer: Any) -> Any:
        user = self.request.user
        provinces = (
            Province.objects.all()
            if scope_for(user).national
            else Province.objects.filter(pk__in=visit_writer_provinces(user))
        )
        serializer.fields["province"].queryset = provinces
        serializer.fields["organisations"].child_relation.queryset = organisations_visible_to(user)
        return serializer

    def _save(self, visit: MonitoringVisit, data: dict[str, Any]) -> MonitoringVisit:
        organisations = data.pop("organisations", visit.organisations.all() if visit.pk else [])
        data.pop("province", None)
        return call_service(
            lambda: services.save_visit(
                actor=self.request.user, visit=visit, data=data, organisations=organisations
            )
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = self._save(MonitoringVisit(province=data["province"]), data)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer.instance, dict(serializer.validated_data))
