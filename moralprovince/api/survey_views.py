"""The survey through the API: instruments, rounds, submission of responses and results.

Results are read from the result cells with the same suppression as the pages: a group of
fewer than the minimum respondents has no count and no scores.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from moralprovince.surveys import access, queries, services
from moralprovince.surveys.models import InstrumentVersion, SurveyRound


class VersionSerializer(serializers.ModelSerializer):
    instrument = serializers.CharField(source="instrument.code")
    content = serializers.SerializerMethodField()

    class Meta:
        model = InstrumentVersion
        fields = [
            "id",
            "instrument",
            "number",
            "scale_min",
            "scale_max",
            "scoring_rule",
            "note",
            "content",
        ]

    def get_content(self, version: InstrumentVersion) -> dict[str, Any]:
        data = queries.version_data(version)
        return {
            "domains": [{"code": c, "name_th": th, "name_en": en} for c, th, en in data.domains],
            "items": [
                {"code": c, "domain": d, "text_th": th, "text_en": en, "reverse": r}
                for c, d, th, en, r in data.items
            ],
            "choices": [{"value": v, "label_th": th, "label_en": en} for v, th, en in data.choices],
            "bands": [
                {
                    "code": c,
                    "label_th": th,
                    "label_en": en,
                    "min_percent": str(m),
                    "includes_min": inc,
                }
                for c, th, en, m, inc in data.bands
            ],
        }


class InstrumentVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Instrument versions are shared reference data: every signed-in person reads them."""

    serializer_class = VersionSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> Any:
        return (
            InstrumentVersion.objects.filter(
                instrument__in=access.instruments_visible_to(self.request.user)
            )
            .select_related("instrument")
            .order_by("instrument__code", "number")
        )


class RoundSerializer(serializers.ModelSerializer):
    schools = serializers.SerializerMethodField()

    class Meta:
        model = SurveyRound
        fields = [
            "id",
            "name",
            "province",
            "version",
            "fiscal_year",
            "opens_on",
            "closes_on",
            "schools",
        ]

    def get_schools(self, survey_round: SurveyRound) -> list[int]:
        return list(survey_round.round_schools.values_list("organisation_id", flat=True))


class ResponseInSerializer(serializers.Serializer):
    submission_id = serializers.CharField(max_length=100)
    school = serializers.IntegerField()
    # Grade, sex and age are checked by the survey's one check (`validation.profile_problems`).
    grade = serializers.IntegerField()
    sex = serializers.IntegerField()
    age = serializers.IntegerField(required=False, allow_null=True)
    # Any value is taken here: the survey's one answer check reads it (a digit, a Thai digit
    # or a choice's label) and names the submission and answer of each wrong one.
    answers = serializers.DictField(child=serializers.JSONField(allow_null=True))


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> Any:
        return access.rounds_visible_to(self.request.user)

    @extend_schema(
        responses=inline_serializer(
            "SurveyResults",
            {
                "round": serializers.IntegerField(),
                "minimum_group": serializers.IntegerField(),
                "province": serializers.DictField(),
                "districts": serializers.DictField(),
                "schools": serializers.DictField(),
                "by_sex": serializers.DictField(),
                "by_grade": serializers.DictField(),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: Any = None) -> Response:
        return Response(queries.public_results(self.get_object()))

    @extend_schema(
        request=ResponseInSerializer(many=True),
        responses=inline_serializer(
            "SubmitResult",
            {"added": serializers.IntegerField(), "already_present": serializers.IntegerField()},
        ),
    )
    @action(detail=True, methods=["post"])
    def responses(self, request: Request, pk: Any = None) -> Response:
        """Submit responses (as KoboCollect or another app would); each submission_id once."""
        survey_round = access.get_round(request.user, pk, run=True)
        rows = ResponseInSerializer(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        data = list(rows.validated_data)
        try:
            added = services.submit_responses(
                actor=request.user, survey_round=survey_round, rows=data
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response({"added": added, "already_present": len(data) - added})


__all__ = ["InstrumentVersionViewSet", "RoundViewSet"]
