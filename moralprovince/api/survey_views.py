"""The survey through the API: instruments, rounds, submission of responses and results.

Results are read from the result cells with the round's one decision of what may be shown
(`surveys.disclosure`), as on the pages: a hidden group has no count and no scores.
Every error is a sentence of our own, through gettext (Thai unless the client asks for
English): none of the framework's messages, which mix English words into the Thai.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.pagination import LimitOffsetPagination
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


class BoundedPagination(LimitOffsetPagination):
    """`limit` and `offset` within what a database takes: a larger offset is past the end
    anyway, and a larger limit gives `max_limit` rows (DRF's own class has no bound, and a
    number past 64 bits fails in the database)."""

    max_limit = 500
    max_offset = 2**31 - 1

    def get_offset(self, request: Any) -> int:
        return min(super().get_offset(request), self.max_offset)


class InstrumentVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Instrument versions are shared reference data: every signed-in person reads them."""

    serializer_class = VersionSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = BoundedPagination

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


def _said(message: str, **values: Any) -> Any:
    """A message with values, translated when it is shown (in the client's language)."""
    return lazy(lambda: gettext(message) % values, str)()


def _errors(name: str, **extra: Any) -> dict[str, Any]:
    """Our own words for a field's errors, naming the field."""
    return {
        "required": _said(gettext_noop("“%(field)s” is missing."), field=name),
        "null": _said(gettext_noop("“%(field)s” may not be null."), field=name),
        "blank": _said(gettext_noop("“%(field)s” may not be empty."), field=name),
        "invalid": _said(gettext_noop("“%(field)s” is not valid."), field=name),
        **extra,
    }


def _whole(name: str) -> dict[str, Any]:
    message = _said(gettext_noop("“%(field)s” must be a whole number."), field=name)
    return _errors(name, invalid=message, max_string_length=message)


class ResponseInSerializer(serializers.Serializer):
    default_error_messages = {
        "invalid": _("Each response must be a JSON object with its fields."),
    }

    submission_id = serializers.CharField(
        max_length=100,
        error_messages=_errors(
            "submission_id",
            max_length=_("“submission_id” may have at most 100 characters."),
            invalid=_("“submission_id” must be a text."),
        ),
    )
    school = serializers.IntegerField(error_messages=_whole("school"))
    # Grade, sex and age are checked by the survey's one check (`validation.profile_problems`).
    grade = serializers.IntegerField(error_messages=_whole("grade"))
    sex = serializers.IntegerField(error_messages=_whole("sex"))
    age = serializers.IntegerField(required=False, allow_null=True, error_messages=_whole("age"))
    # Any value is taken here: the survey's one answer check reads it (a digit, a Thai digit
    # or a choice's label) and names the submission and answer of each wrong one.
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        error_messages=_errors(
            "answers",
            not_a_dict=_("“answers” must be an object: each question's code and its answer."),
        ),
    )


RESPONSES_ERRORS: dict[str, Any] = {
    "not_a_list": _("Send a JSON list of responses, one object per response."),
    "empty": _("The list of responses is empty."),
}


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = BoundedPagination

    def get_queryset(self) -> Any:
        return access.rounds_visible_to(self.request.user)

    def get_object(self) -> SurveyRound:
        return _round(self.request, self.kwargs["pk"])

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
        return Response(queries.public_results(_round(request, pk)))

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
        survey_round = _round(request, pk, run=True)
        try:
            body = request.data
        except (ParseError, RecursionError):  # RecursionError: arrays nested past any depth
            raise ParseError(gettext("The request body is not valid JSON.")) from None
        rows = ResponseInSerializer(
            data=body, many=True, allow_empty=False, error_messages=RESPONSES_ERRORS
        )
        rows.is_valid(raise_exception=True)
        data = list(rows.validated_data)
        try:
            added = services.submit_responses(
                actor=request.user, survey_round=survey_round, rows=data
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response({"added": added, "already_present": len(data) - added})


def _round(request: Request, pk: Any, run: bool = False) -> SurveyRound:
    try:
        return access.get_round(request.user, pk, run=run)
    except Http404:
        raise NotFound(
            gettext("There is no survey round %(id)s that you may see.") % {"id": pk}
        ) from None


__all__ = ["InstrumentVersionViewSet", "RoundViewSet"]
