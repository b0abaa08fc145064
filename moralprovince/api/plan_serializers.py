"""Serializers for declarations, target virtues and plans."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from moralprovince.api.serializers import FILE_FIELDS, CodeField, IdField
from moralprovince.core.fields import MoneyField
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.geo.models import Province
from moralprovince.lib.fiscal import FIRST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE, LAST_FISCAL_YEAR
from moralprovince.organisations.models import Network, Organisation
from moralprovince.plans.models import (
    Activity,
    BudgetLine,
    Declaration,
    FundingSource,
    Goal,
    Plan,
    PlanEvent,
    TargetVirtue,
)
from moralprovince.plans.services import (
    ActivityInput,
    BudgetLineInput,
    DeclarationInput,
    GoalInput,
    TargetVirtueInput,
)

UNIT_FIELDS = ["province", "network", "organisation", "fiscal_year"]


class UnitSerializer(serializers.ModelSerializer):
    province = CodeField(slug_field="code", queryset=Province.objects.all())
    fiscal_year = serializers.IntegerField(
        min_value=FIRST_FISCAL_YEAR,
        max_value=LAST_FISCAL_YEAR,
        error_messages={"min_value": FISCAL_YEAR_MESSAGE, "max_value": FISCAL_YEAR_MESSAGE},
    )
    network = IdField(queryset=Network.objects.all(), allow_null=True, required=False)
    organisation = IdField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    level = serializers.CharField(read_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The unit and year of an existing row never change.
        if self.instance is not None and not isinstance(self.instance, list):
            for name in UNIT_FIELDS:
                self.fields[name].read_only = True


class DeclarationSerializer(UnitSerializer):
    serializer_field_mapping = FILE_FIELDS
    signed_share = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    score_band = serializers.IntegerField(read_only=True)

    class Meta:
        model = Declaration
        fields = [
            "id",
            *UNIT_FIELDS,
            "level",
            *DeclarationInput.names(),
            "signed_share",
            "score_band",
        ]
        validators: list[Any] = []


class TargetVirtueSerializer(UnitSerializer):
    virtues = CodeField(slug_field="code", many=True, queryset=Virtue.objects.all())

    class Meta:
        model = TargetVirtue
        fields = ["id", *UNIT_FIELDS, "level", *TargetVirtueInput.names()]
        validators: list[Any] = []


class GoalSerializer(serializers.ModelSerializer):
    plan = IdField(queryset=Plan.objects.all())
    number = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = Goal
        fields = ["id", "plan", *GoalInput.names()]
        validators: list[Any] = []


class PlanEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor.username", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = PlanEvent
        fields = ["action", "comment", "actor", "created_at"]


class PlanSerializer(UnitSerializer):
    goals = GoalSerializer(many=True, read_only=True)
    events = PlanEventSerializer(many=True, read_only=True)
    budget_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            *UNIT_FIELDS,
            "level",
            "title",
            "status",
            "version",
            "baseline",
            "budget_total",
            "goals",
            "events",
        ]
        read_only_fields = ["status", "version", "baseline"]
        validators: list[Any] = []


class ActivitySerializer(serializers.ModelSerializer):
    plan = IdField(queryset=Plan.objects.all())
    goal = IdField(queryset=Goal.objects.all())
    responsible = IdField(queryset=Organisation.objects.all())
    partners = IdField(queryset=Organisation.objects.all(), many=True, required=False)
    virtues = CodeField(slug_field="code", many=True, queryset=Virtue.objects.all(), required=False)
    strategy = IdField(queryset=Strategy.objects.all(), allow_null=True, required=False)
    number = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "plan", "number", *ActivityInput.names()]
        validators: list[Any] = []


@extend_schema_field(OpenApiTypes.STR)
class AmountField(serializers.Field):
    """Money in baht; Thai digits and separators are read, negatives refused."""

    def to_internal_value(self, data: Any) -> Any:
        try:
            return MoneyField().clean(data)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value: Any) -> str:
        return f"{value:.2f}"


class BudgetLineSerializer(serializers.ModelSerializer):
    activity = IdField(queryset=Activity.objects.all())
    source = CodeField(slug_field="code", queryset=FundingSource.objects.all())  # type: ignore[assignment]
    amount = AmountField()

    class Meta:
        model = BudgetLine
        fields = ["id", "activity", *BudgetLineInput.names()]
