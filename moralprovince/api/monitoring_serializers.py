"""Serializers for indicators, targets, values, activity reports and visits."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from moralprovince.api.plan_serializers import AmountField
from moralprovince.api.serializers import CodeField, IdField
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.monitoring.models import (
    ActivityReport,
    Dimension,
    Indicator,
    IndicatorValue,
    MonitoringVisit,
    Target,
)
from moralprovince.monitoring.services import IndicatorInput, TargetInput, VisitInput
from moralprovince.organisations.models import Network, Organisation
from moralprovince.plans.models import Activity


class Code(CodeField):
    """A row named by its code. A code with a NUL character is refused before the database
    is asked: PostgreSQL fails on one rather than finding nothing."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class IndicatorSerializer(serializers.ModelSerializer):
    province = Code(slug_field="code", queryset=Province.objects.all())
    network = IdField(queryset=Network.objects.all(), allow_null=True, required=False)
    organisation = IdField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    virtues = Code(slug_field="code", many=True, queryset=Virtue.objects.all(), required=False)
    dimensions = Code(
        slug_field="code", many=True, queryset=Dimension.objects.all(), required=False
    )
    strategy = IdField(queryset=Strategy.objects.all(), allow_null=True, required=False)
    level = serializers.CharField(read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "province", "network", "organisation", "level", *IndicatorInput.names()]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("province", "network", "organisation"):
                self.fields[name].read_only = True


class TargetSerializer(serializers.ModelSerializer):
    indicator = IdField(queryset=Indicator.objects.all())
    value = AmountField()

    class Meta:
        model = Target
        fields = ["id", "indicator", *TargetInput.names()]
        validators: list[Any] = []


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = IdField(queryset=Indicator.objects.all())
    value = AmountField()
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "fiscal_year",
            "period",
            "value",
            "comment",
            "status",
            "computed",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
        ]
        read_only_fields = ["status", "computed", "reviewed_at", "review_comment"]
        validators: list[Any] = []


class ActivityReportSerializer(serializers.ModelSerializer):
    activity = IdField(queryset=Activity.objects.all())
    subdistrict = Code(slug_field="code", queryset=Subdistrict.objects.all())

    class Meta:
        model = ActivityReport
        fields = [
            "id",
            "activity",
            "held_on",
            "subdistrict",
            "participants",
            "description",
            "outcomes",
        ]


class VisitSerializer(serializers.ModelSerializer):
    province = Code(slug_field="code", queryset=Province.objects.all())
    organisations = IdField(queryset=Organisation.objects.all(), many=True, required=False)

    class Meta:
        model = MonitoringVisit
        fields = ["id", "province", *VisitInput.names()]
