"""API for declarations, target virtues, plans, goals, activities and budget lines."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from moralprovince.api import plan_serializers as ps
from moralprovince.api.checks import fiscal_year_param, province_param
from moralprovince.api.serializers import ReviewCommentSerializer
from moralprovince.api.views import ScopedViewSet, _int_param, call_service, review_comment
from moralprovince.geo.models import Province
from moralprovince.organisations.access import (
    networks_visible_to,
    organisations_visible_to,
    programmes_visible_to,
)
from moralprovince.plans import services
from moralprovince.plans.access import (
    Unit,
    declarations_visible_to,
    plans_visible_to,
    targets_visible_to,
)
from moralprovince.plans.models import Activity, BudgetLine, Goal
from moralprovince.plans.queries import with_budget_total
from moralprovince.plans.services import (
    ActivityInput,
    BudgetLineInput,
    DeclarationInput,
    GoalInput,
    TargetVirtueInput,
)

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def unit_of(data: dict[str, Any]) -> Unit:
    """The unit named by a new row's province, network and organisation."""
    return Unit(data["province"].pk, data.get("network"), data.get("organisation"))


class UnitViewSet(ScopedViewSet):
    """Rows of a unit (province, network or organisation) and a fiscal year.

    Who may write for the unit is asked by the services, which answer 403 through
    `call_service`.
    """

    def visible(self, write: bool) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        write = self.request.method in WRITE_METHODS
        qs = self.visible(write)
        params = self.request.query_params
        province = province_param(params)
        if province:
            qs = qs.filter(province_id=province)
        year = fiscal_year_param(params)
        return qs.filter(fiscal_year=year) if year else qs

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer = super().scoped_serializer(serializer)
        fields, user = serializer.fields, self.request.user
        if "province" in fields and not fields["province"].read_only:
            fields["province"].queryset = _member_provinces(user)
        if "network" in fields and not fields["network"].read_only:
            fields["network"].queryset = networks_visible_to(user)
        if "organisation" in fields and not fields["organisation"].read_only:
            fields["organisation"].queryset = organisations_visible_to(user)
        return serializer


def _member_provinces(user: Any) -> Any:
    return Province.objects.filter(pk__in=programmes_visible_to(user).values("province_id"))


class DeclarationViewSet(UnitViewSet):
    serializer_class = ps.DeclarationSerializer

    def visible(self, write: bool) -> QuerySet[Any]:
        return declarations_visible_to(self.request.user, write=write)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_declaration(
                actor=self.request.user,
                unit=unit_of(data),
                fiscal_year=data["fiscal_year"],
                data=DeclarationInput.from_data(data),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        declaration = serializer.instance
        data = DeclarationInput.from_row(declaration, **serializer.validated_data)
        call_service(
            lambda: services.update_declaration(
                actor=self.request.user, declaration=declaration, data=data
            )
        )


class TargetVirtueViewSet(UnitViewSet):
    serializer_class = ps.TargetVirtueSerializer

    def visible(self, write: bool) -> QuerySet[Any]:
        return targets_visible_to(self.request.user, write=write)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_target_virtue(
                actor=self.request.user,
                unit=unit_of(data),
                fiscal_year=data["fiscal_year"],
                data=TargetVirtueInput.from_data(data),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        target = serializer.instance
        data = TargetVirtueInput.from_row(target, **serializer.validated_data)
        call_service(
            lambda: services.update_target_virtue(actor=self.request.user, target=target, data=data)
        )


class PlanViewSet(UnitViewSet):
    serializer_class = ps.PlanSerializer

    def visible(self, write: bool) -> QuerySet[Any]:
        review = self.action in ("approve", "return_plan")
        plans = plans_visible_to(self.request.user, write=write and not review)
        return with_budget_total(plans.select_related("province")).prefetch_related(
            "goals", "events__actor"
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_plan(
                actor=self.request.user,
                unit=unit_of(data),
                fiscal_year=data["fiscal_year"],
                title=data["title"],
            )
        )

    def perform_update(self, serializer: Any) -> None:
        title = serializer.validated_data.get("title", serializer.instance.title)
        call_service(
            lambda: services.update_plan(
                actor=self.request.user, plan=serializer.instance, title=title
            )
        )

    def _step(self, request: Request, step: Any, *, reads_comment: bool = False) -> Response:
        plan = self.get_object()
        # Submitting and approving read no body: whatever is sent is left unread.
        comment = review_comment(request) if reads_comment else ""
        call_service(lambda: step(plan, comment))
        plan.refresh_from_db()
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=None, responses=ps.PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, lambda p, _c: services.submit_plan(actor=request.user, plan=p))

    @extend_schema(request=None, responses=ps.PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, lambda p, _c: services.approve_plan(actor=request.user, plan=p))

    @extend_schema(request=ReviewCommentSerializer, responses=ps.PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            lambda p, c: services.return_plan(actor=request.user, plan=p, comment=c),
            reads_comment=True,
        )

    @extend_schema(request=ReviewCommentSerializer, responses=ps.PlanSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            lambda p, c: services.open_revision(actor=request.user, plan=p, reason=c),
            reads_comment=True,
        )


class PlanPartViewSet(mixins.DestroyModelMixin, ScopedViewSet):
    """Goals, activities and budget lines: reached through their plan."""

    plan_path = "plan"
    model: Any = None
    # What the serializer reads of each row, fetched with the page rather than row by row.
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()

    def writable_plans(self) -> QuerySet[Any]:
        return plans_visible_to(self.request.user, write=True)

    def get_queryset(self) -> QuerySet[Any]:
        write = self.request.method in WRITE_METHODS
        plans = plans_visible_to(self.request.user, write=write)
        qs = self.model.objects.filter(**{f"{self.plan_path}__in": plans})
        qs = qs.select_related(*self.select).prefetch_related(*self.prefetch)
        plan = _int_param(self.request.query_params, "plan")
        return qs.filter(**{self.plan_path: plan}) if plan else qs


class GoalViewSet(PlanPartViewSet):
    serializer_class = ps.GoalSerializer
    model = Goal

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer.fields["plan"].queryset = self.writable_plans()
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_goal(
                actor=self.request.user, plan=data["plan"], data=GoalInput.from_data(data)
            )
        )

    def perform_update(self, serializer: Any) -> None:
        goal = serializer.instance
        data = GoalInput.from_row(goal, **_without(serializer.validated_data, "plan"))
        call_service(lambda: services.update_goal(actor=self.request.user, goal=goal, data=data))

    def perform_destroy(self, instance: Goal) -> None:
        call_service(lambda: services.delete_goal(actor=self.request.user, goal=instance))


def _without(data: dict[str, Any], parent: str) -> dict[str, Any]:
    """An update's fields, less the parent row, which an update never changes."""
    return {name: value for name, value in data.items() if name != parent}


class ActivityViewSet(PlanPartViewSet):
    serializer_class = ps.ActivitySerializer
    model = Activity
    prefetch = ("partners", "virtues")

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer = super().scoped_serializer(serializer)
        fields, user = serializer.fields, self.request.user
        fields["plan"].queryset = self.writable_plans()
        fields["goal"].queryset = Goal.objects.filter(plan__in=self.writable_plans())
        fields["responsible"].queryset = organisations_visible_to(user)
        fields["partners"].child_relation.queryset = organisations_visible_to(user)
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_activity(
                actor=self.request.user, plan=data["plan"], data=ActivityInput.from_data(data)
            )
        )

    def perform_update(self, serializer: Any) -> None:
        activity = serializer.instance
        data = ActivityInput.from_row(activity, **_without(serializer.validated_data, "plan"))
        call_service(
            lambda: services.update_activity(actor=self.request.user, activity=activity, data=data)
        )

    def perform_destroy(self, instance: Activity) -> None:
        call_service(lambda: services.delete_activity(actor=self.request.user, activity=instance))


class BudgetLineViewSet(PlanPartViewSet):
    serializer_class = ps.BudgetLineSerializer
    model = BudgetLine
    plan_path = "activity__plan"
    select = ("source",)

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer.fields["activity"].queryset = Activity.objects.filter(
            plan__in=self.writable_plans()
        )
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_budget_line(
                actor=self.request.user,
                activity=data["activity"],
                data=BudgetLineInput.from_data(data),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        line = serializer.instance
        data = BudgetLineInput.from_row(line, **_without(serializer.validated_data, "activity"))
        call_service(
            lambda: services.update_budget_line(actor=self.request.user, line=line, data=data)
        )

    def perform_destroy(self, instance: BudgetLine) -> None:
        call_service(lambda: services.delete_budget_line(actor=self.request.user, line=instance))
