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
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from moralprovince.surveys import results, services
from moralprovince.surveys.access import rounds_runnable_by, rounds_visible_to
from moralprovince.surveys.models import InstrumentVersion, SurveyRound
from moralprovince.surveys.services import data_of
from moralprovince.surveys.spec import spec_for


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
        data = data_of(version)
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
    queryset = InstrumentVersion.objects.select_related("instrument").order_by(
        "instrument__code", "number"
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
    grade = serializers.IntegerField(min_value=1, max_value=12)
    sex = serializers.IntegerField(min_value=1, max_value=3)
    age = serializers.IntegerField(min_value=6, max_value=25, required=False, allow_null=True)
    answers = serializers.DictField(child=serializers.IntegerField())


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> Any:
        return rounds_visible_to(self.request.user)

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
        survey_round = self.get_object()
        spec = spec_for(survey_round.version)
        ids = [survey_round.pk]

        def block(found: dict[Any, results.Figure], key: Any = str) -> dict[str, Any]:
            figures = results.suppress(list(found.values()))
            return {key(f.key): results.public_dict(spec, f) for f in figures}

        return Response(
            {
                "round": survey_round.pk,
                "version": str(survey_round.version),
                "minimum_group": results.minimum_group(),
                "province": block(results.figures(spec, ids, "province")),
                "districts": block(results.figures(spec, ids, "district")),
                "schools": block(results.figures(spec, ids, "school")),
                "by_sex": block(
                    results.figures(spec, ids, "province", group="sex"), lambda k: str(k[1])
                ),
                "by_grade": block(
                    results.figures(spec, ids, "province", group="grade"), lambda k: str(k[1])
                ),
            }
        )

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
        survey_round = rounds_runnable_by(request.user).filter(pk=pk).first()
        if survey_round is None:
            raise NotFound
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
