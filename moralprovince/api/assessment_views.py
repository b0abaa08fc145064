"""Assessments through the API: criteria versions and rounds to read, assessments to read
and to move along (submit, return, verify, approve) through the services the pages use, and
the level distribution of a round. Each list holds only what the caller sees on the pages;
anything else is a 404."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from moralprovince.api import assessment_serializers as s
from moralprovince.api.checks import fiscal_year_param, id_param, province_param
from moralprovince.api.survey_views import BoundedPagination
from moralprovince.api.views import call_service
from moralprovince.assessments import access, bulk, services
from moralprovince.assessments.models import (
    LEVELS,
    Assessment,
    AssessmentStatus,
    Level,
    UnitType,
)

S = AssessmentStatus


def _choice_param(params: Any, name: str, choices: Any) -> str | None:
    raw = params.get(name)
    if not raw:
        return None
    if raw not in choices.values:
        raise exceptions.ValidationError(
            {name: [_("Write one of: %(values)s.") % {"values": ", ".join(choices.values)}]}
        )
    return str(raw)


class CriteriaVersionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CriteriaVersionSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = BoundedPagination

    def get_queryset(self) -> QuerySet[Any]:
        qs = access.criteria_visible_to(self.request.user).prefetch_related(
            "items", "rules__requirements__item"
        )
        params = self.request.query_params
        unit_type = _choice_param(params, "unit_type", UnitType)
        year = fiscal_year_param(params)
        qs = qs.filter(unit_type=unit_type) if unit_type else qs
        return qs.filter(fiscal_year=year) if year else qs


LevelsSerializer = inline_serializer(
    "RoundLevels",
    {
        "unit_type": serializers.CharField(),
        "levels": serializers.DictField(child=serializers.IntegerField()),
        "total": serializers.IntegerField(),
    },
    many=True,
)


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AssessmentRoundSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = BoundedPagination

    def get_queryset(self) -> QuerySet[Any]:
        qs = access.rounds_visible_to(self.request.user).prefetch_related("criteria")
        params = self.request.query_params
        province = province_param(params)
        year = fiscal_year_param(params)
        qs = qs.filter(province_id=province) if province else qs
        return (qs.filter(fiscal_year=year) if year else qs).order_by("province_id", "-fiscal_year")

    @extend_schema(responses=LevelsSerializer)
    @action(detail=True, methods=["get"], pagination_class=None)
    def levels(self, request: Request, pk: Any = None) -> Response:
        """Units at each level (verified and approved results the caller sees), by type."""
        rnd = self.get_object()
        rows = (
            access.assessments_visible_to(request.user)
            .filter(round=rnd, status__in=[S.VERIFIED, S.APPROVED])
            .order_by()
            .values_list("unit_type", "level")
            .annotate(n=Count("pk"))
        )
        counts: dict[str, Counter[int]] = {}
        for unit_type, level, n in rows:
            counts.setdefault(unit_type, Counter())[level] += n
        return Response(
            [
                {
                    "unit_type": unit_type,
                    "levels": {str(lv.value): found[lv.value] for lv in (Level.NONE, *LEVELS)},
                    "total": sum(found.values()),
                }
                for unit_type, found in sorted(counts.items())
            ]
        )


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    pagination_class = BoundedPagination

    def get_serializer_class(self) -> Any:
        return s.AssessmentSerializer if self.action == "list" else s.AssessmentDetailSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = access.assessments_visible_to(self.request.user).select_related(
            "organisation", "community", "district", "province"
        )
        if self.action != "list":
            return qs.select_related("round", "version").prefetch_related("scores__item")
        params = self.request.query_params
        filters = {
            "round_id": id_param(params, "round"),
            "province_id": province_param(params),
            "unit_type": _choice_param(params, "unit_type", UnitType),
            "status": _choice_param(params, "status", AssessmentStatus),
            "round__fiscal_year": fiscal_year_param(params),
        }
        return qs.filter(**{k: v for k, v in filters.items() if v is not None}).order_by("pk")

    def _answer(self, assessment: Assessment) -> Response:
        fresh = self.get_queryset().get(pk=assessment.pk)
        return Response(s.AssessmentDetailSerializer(fresh, context={"request": self.request}).data)

    def _ready(self, assessment: Assessment, allowed: bool, step: str) -> None:
        """403 for a step the caller may not take; 400 naming the status when the
        assessment is not where the step starts."""
        if not allowed:
            raise exceptions.PermissionDenied
        sources, _target = services.STEPS[step]
        if assessment.status not in sources:
            raise exceptions.ValidationError(
                {
                    "status": [
                        _("This assessment is %(status)s, so this step is not possible.")
                        % {"status": S(assessment.status).label}
                    ]
                }
            )

    @extend_schema(request=s.SubmitAssessmentSerializer, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Save the unit's scores (a share item takes its percent) and submit."""
        assessment = self.get_object()
        self._ready(
            assessment,
            access.can(request.user, "assessments.assessment.fill", assessment),
            "submit",
        )
        body = s.SubmitAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scores = body.validated_data["scores"]
        self._check_scores(assessment, scores)
        entries = {
            n: services.Entry(value=e["value"], account=e["account"]) for n, e in scores.items()
        }
        call_service(
            lambda: services.save_self_assessment(
                actor=request.user, assessment=assessment, entries=entries, submit=True
            )
        )
        return self._answer(assessment)

    def _check_scores(self, assessment: Assessment, scores: dict[int, Any]) -> None:
        items = {i.number: i for i in assessment.version.items.all()}
        errors: dict[str, list[str]] = {}
        for number, entry in scores.items():
            item = items.get(number)
            if item is None:
                errors[str(number)] = [_("There is no item %(item)s.") % {"item": number}]
            elif entry["value"].strip():
                try:
                    bulk.score_of(item, entry["value"])
                except ValueError as error:
                    errors[str(number)] = [str(error)]
        if errors:
            raise exceptions.ValidationError({"scores": errors})

    def _checks(self, assessment: Assessment, data: dict[int, Any]) -> dict[int, Any]:
        items = {i.number: i for i in assessment.version.items.all()}
        errors: dict[str, list[str]] = {}
        for number, check in data.items():
            item = items.get(number)
            points = check["points"].strip()
            if item is None:
                errors[str(number)] = [_("There is no item %(item)s.") % {"item": number}]
            elif points and (not points.isdigit() or int(points) > item.max_points):
                errors[str(number)] = [
                    _("Item %(item)s: the verified score must be from 0 to %(max)s.")
                    % {"item": number, "max": item.max_points}
                ]
        if errors:
            raise exceptions.ValidationError({"checks": errors})
        return {n: services.Check(**c) for n, c in data.items()}

    def _verify(self, request: Request, what: str) -> Response:
        assessment = self.get_object()
        self._ready(assessment, access.can_verify(request.user, assessment), what)
        body = s.VerifyAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        checks = self._checks(assessment, body.validated_data["checks"])
        reason = body.validated_data["reason"]
        if (
            what == "return"
            and not reason.strip()
            and not any(c.needs_evidence for c in checks.values())
        ):
            raise exceptions.ValidationError(
                {"reason": [_("Say which items need more evidence, or why it goes back.")]}
            )
        call_service(
            lambda: services.verify_assessment(
                actor=request.user, assessment=assessment, checks=checks, action=what, reason=reason
            )
        )
        return self._answer(assessment)

    @extend_schema(request=s.VerifyAssessmentSerializer, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: Any = None) -> Response:
        """Accept or change the scores (a changed score needs a comment) and pass it on."""
        return self._verify(request, "verify")

    @extend_schema(request=s.VerifyAssessmentSerializer, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_assessment(self, request: Request, pk: Any = None) -> Response:
        """Send it back to the unit for more evidence, with a reason or the items marked."""
        return self._verify(request, "return")

    @extend_schema(request=s.ApproveAssessmentSerializer, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve a verified result; it is then locked."""
        assessment = self.get_object()
        self._ready(
            assessment,
            access.can(request.user, "assessments.assessment.decide", assessment),
            "approve",
        )
        body = s.ApproveAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stars = [assessment.pk] if body.validated_data["outstanding"] else []
        call_service(
            lambda: services.approve_assessments(
                actor=request.user, rnd=assessment.round, ids=[assessment.pk], outstanding=stars
            )
        )
        return self._answer(assessment)
