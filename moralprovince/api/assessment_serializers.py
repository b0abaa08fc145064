"""Serializers for assessment criteria, rounds and assessments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from moralprovince.api.serializers import StrictCharField
from moralprovince.assessments.levels import Reason
from moralprovince.assessments.models import (
    Assessment,
    CriteriaVersion,
    CriterionItem,
    ItemScore,
    LevelRule,
    Round,
)


class CriterionItemSerializer(serializers.ModelSerializer):
    max_points = serializers.IntegerField(read_only=True)

    class Meta:
        model = CriterionItem
        fields = [
            "number",
            "text_th",
            "text_en",
            "level",
            "scoring",
            "max_points",
            "band_2_th",
            "band_1_th",
            "band_0_th",
            "band_2_en",
            "band_1_en",
            "band_0_en",
            "share_high",
            "share_mid",
            "evidence_th",
            "evidence_en",
            "evidence_required",
            "prefill",
        ]


class LevelRuleSerializer(serializers.ModelSerializer):
    requirements = serializers.SerializerMethodField()

    class Meta:
        model = LevelRule
        fields = ["level", "min_share", "requirements"]

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "integer"}, "example": {"1": 1}}
    )
    def get_requirements(self, rule: LevelRule) -> dict[str, int]:
        """Item number -> the fewest points it must score for the level."""
        return {str(r.item.number): r.min_points for r in rule.requirements.all()}


class CriteriaVersionSerializer(serializers.ModelSerializer):
    items = CriterionItemSerializer(many=True, read_only=True)
    rules = LevelRuleSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaVersion
        fields = [
            "id",
            "unit_type",
            "fiscal_year",
            "number",
            "status",
            "title_th",
            "title_en",
            "note",
            "is_reference",
            "based_on",
            "published_at",
            "items",
            "rules",
        ]


class AssessmentRoundSerializer(serializers.ModelSerializer):
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id",
            "province",
            "fiscal_year",
            "name",
            "self_deadline",
            "verify_deadline",
            "is_sample",
            "criteria",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "example": {"organisation": 1},
        }
    )
    def get_criteria(self, rnd: Round) -> dict[str, int]:
        """Unit type -> the id of the criteria version it is assessed by."""
        return {c.unit_type: c.version_id for c in rnd.criteria.all()}


class ItemScoreSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item.number")

    class Meta:
        model = ItemScore
        fields = [
            "item",
            "self_share",
            "self_points",
            "account",
            "verified_points",
            "comment",
            "needs_evidence",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(read_only=True)
    level_reasons = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "round",
            "province",
            "unit_type",
            "unit_name",
            "organisation",
            "community",
            "district",
            "version",
            "status",
            "level",
            "level_reasons",
            "outstanding",
            "submitted_at",
            "verified_at",
            "approved_at",
        ]

    def get_level_reasons(self, assessment: Assessment) -> list[str]:
        """What kept the unit from the next level, in the caller's language."""
        return [Reason.from_dict(r).message() for r in assessment.level_reason or []]


class AssessmentDetailSerializer(AssessmentSerializer):
    scores = ItemScoreSerializer(many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "scores"]


# --- the bodies of the steps ------------------------------------------------------------------


class ScoreEntrySerializer(serializers.Serializer):
    value = StrictCharField(allow_blank=True, max_length=20)
    account = StrictCharField(required=False, allow_blank=True, max_length=5000, default="")


class VerifyCheckSerializer(serializers.Serializer):
    points = StrictCharField(required=False, allow_blank=True, max_length=5, default="")
    comment = StrictCharField(required=False, allow_blank=True, max_length=5000, default="")
    needs_evidence = serializers.BooleanField(required=False, default=False)


def _by_item(data: Any) -> dict[int, Any]:
    """Keys are item numbers, written as text in JSON."""
    if not isinstance(data, dict):
        raise serializers.ValidationError(_("Send an object keyed by item number."))
    found = {}
    for key, value in data.items():
        if not str(key).isdigit() or len(str(key)) > 4:
            raise serializers.ValidationError(
                _("“%(key)s” is not an item number.") % {"key": str(key)[:20]}
            )
        found[int(key)] = value
    return found


class SubmitAssessmentSerializer(serializers.Serializer):
    """The unit's scores by item number (optional: what is already saved is sent as it is)."""

    scores = serializers.DictField(child=ScoreEntrySerializer(), required=False, default=dict)

    def validate_scores(self, value: dict[str, Any]) -> dict[int, Any]:
        return _by_item(value)


class VerifyAssessmentSerializer(serializers.Serializer):
    """The evaluator's word on items by number, and the reason for returning it."""

    checks = serializers.DictField(child=VerifyCheckSerializer(), required=False, default=dict)
    reason = StrictCharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_checks(self, value: dict[str, Any]) -> dict[int, Any]:
        return _by_item(value)


class ApproveAssessmentSerializer(serializers.Serializer):
    outstanding = serializers.BooleanField(required=False, default=False)
