"""API for indicators, targets, values (with review), activity reports and visits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import BasePagination, LimitOffsetPagination
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from moralprovince.api import monitoring_serializers as ms
from moralprovince.api.checks import KeysetPages
from moralprovince.api.plan_views import WRITE_METHODS, _member_provinces, _without, unit_of
from moralprovince.api.views import ScopedViewSet, _int_param, call_service
from moralprovince.lib.lookup import MAX_ID
from moralprovince.monitoring import services
from moralprovince.monitoring.access import (
    activities_reportable_by,
    indicators_visible_to,
    reports_visible_to,
    values_visible_to,
    visit_provinces,
    visits_visible_to,
)
from moralprovince.monitoring.models import FIRST_YEAR, LAST_YEAR, Target
from moralprovince.monitoring.services import (
    ActivityReportInput,
    IndicatorInput,
    TargetInput,
    ValueInput,
    VisitInput,
)
from moralprovince.organisations.access import networks_visible_to, organisations_visible_to

COMMENT = inline_serializer(
    "ValueReviewComment", {"comment": serializers.CharField(required=False)}
)
# Ids are 64-bit: a larger number names no row, and the database cannot even compare it.


class Pages(LimitOffsetPagination):
    """Pages of at most 1,000 rows: a larger limit is taken as 1,000, where the database
    would refuse one beyond its integers."""

    max_limit = 1000


class JSONObjectParser(JSONParser):
    """JSON, with a body nested deeper than Python reads answered as a 400, not a crash."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from None


class MonitoringEndpoint:
    """What every monitoring endpoint shares: bounded pages and a parser that cannot crash."""

    pagination_class: type[BasePagination] | None = Pages
    parser_classes: Sequence[type[BaseParser]] = [JSONObjectParser, FormParser, MultiPartParser]


def _text_param(params: Any, name: str) -> str | None:
    """A filter by a code; one with a NUL character, which PostgreSQL cannot compare, is a 400."""
    value = params.get(name)
    if value and "\x00" in value:
        raise exceptions.ValidationError({name: [_("Null characters are not allowed.")]})
    return value or None


def _id_param(params: Any, name: str) -> int | None:
    """A filter by id: a whole number that can be an id, else a 400 naming the parameter."""
    value = _int_param(params, name)
    if value is not None and not 1 <= value <= MAX_ID:
        raise exceptions.ValidationError(
            {
                name: [
                    _("Enter the id of a row: a whole number from 1 to %(largest)s.")
                    % {"largest": f"{MAX_ID:,}"}
                ]
            }
        )
    return value


def _year_param(params: Any, name: str) -> int | None:
    """A filter by fiscal year: a Buddhist-Era year of the programme's time, else a 400."""
    value = _int_param(params, name)
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise exceptions.ValidationError(
            {
                name: [
                    _("Write the year in the Buddhist Era, between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )
    return value


class IndicatorViewSet(MonitoringEndpoint, ScopedViewSet):
    """Indicators; who may define one for a unit is asked by the service (403 otherwise)."""

    serializer_class = ms.IndicatorSerializer

    def get_queryset(self) -> QuerySet[Any]:
        write = self.request.method in WRITE_METHODS
        qs = (
            indicators_visible_to(self.request.user, write=write)
            .select_related("province")
            .prefetch_related("virtues", "dimensions")
        )
        province = _text_param(self.request.query_params, "province")
        return qs.filter(province_id=province) if province else qs

    def scoped_serializer(self, serializer: Any) -> Any:
        fields, user = serializer.fields, self.request.user
        if not fields["province"].read_only:
            fields["province"].queryset = _member_provinces(user)
            fields["network"].queryset = networks_visible_to(user)
            fields["organisation"].queryset = organisations_visible_to(user)
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_indicator(
                actor=self.request.user, unit=unit_of(data), data=IndicatorInput.from_data(data)
            )
        )

    def perform_update(self, serializer: Any) -> None:
        indicator = serializer.instance
        data = IndicatorInput.from_row(indicator, **serializer.validated_data)
        call_service(
            lambda: services.update_indicator(
                actor=self.request.user, indicator=indicator, data=data
            )
        )


class TargetViewSet(
    MonitoringEndpoint,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Targets are set (created or replaced) per indicator, year and period."""

    serializer_class = ms.TargetSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Target.objects.filter(indicator__in=indicators_visible_to(self.request.user))
        indicator = _id_param(self.request.query_params, "indicator")
        return qs.filter(indicator_id=indicator) if indicator else qs

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer: Any = super().get_serializer(*args, **kwargs)
        if not kwargs.get("many"):
            serializer.fields["indicator"].queryset = indicators_visible_to(
                self.request.user, write=True
            )
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.update_target(
                actor=self.request.user,
                indicator=data["indicator"],
                data=TargetInput.from_data(data),
            )
        )


class IndicatorValueViewSet(
    MonitoringEndpoint,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Values are entered (as drafts) by POST, then submitted, approved or returned."""

    serializer_class = ms.IndicatorValueSerializer
    pagination_class = KeysetPages

    def get_queryset(self) -> QuerySet[Any]:
        qs = values_visible_to(self.request.user, write=self.action == "submit")
        params = self.request.query_params
        indicator, year = _id_param(params, "indicator"), _year_param(params, "fiscal_year")
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
            lambda: services.enter_value(
                actor=self.request.user,
                indicator=data["indicator"],
                data=ValueInput.from_data(data),
            )
        )

    def _step(self, request: Request, step: Any) -> Response:
        value = self.get_object()
        # A body that is not a JSON object has no comment; the service refuses what is not text.
        body = request.data if hasattr(request.data, "get") else {}
        call_service(lambda: step(value, body.get("comment", "")))
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
    MonitoringEndpoint,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ms.ActivityReportSerializer
    pagination_class = KeysetPages

    def get_queryset(self) -> QuerySet[Any]:
        qs = reports_visible_to(self.request.user)
        activity = _id_param(self.request.query_params, "activity")
        return qs.filter(activity_id=activity) if activity else qs

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer: Any = super().get_serializer(*args, **kwargs)
        if not kwargs.get("many"):
            serializer.fields["activity"].queryset = activities_reportable_by(self.request.user)
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_activity_report(
                actor=self.request.user,
                activity=data["activity"],
                data=ActivityReportInput.from_data(data),
            )
        )


class VisitViewSet(MonitoringEndpoint, ScopedViewSet):
    serializer_class = ms.VisitSerializer

    def get_queryset(self) -> QuerySet[Any]:
        write = self.request.method in WRITE_METHODS
        return visits_visible_to(self.request.user, write=write)

    def scoped_serializer(self, serializer: Any) -> Any:
        user = self.request.user
        serializer.fields["province"].queryset = visit_provinces(user)
        serializer.fields["organisations"].child_relation.queryset = organisations_visible_to(user)
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_visit(
                actor=self.request.user,
                province=data["province"],
                data=VisitInput.from_data(data),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        visit = serializer.instance
        data = VisitInput.from_row(visit, **_without(serializer.validated_data, "province"))
        call_service(lambda: services.update_visit(actor=self.request.user, visit=visit, data=data))
