"""API for declarations, target virtues, plans, goals, activities and budget lines."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from moralprovince.api import plan_serializers as ps
from moralprovince.api.views import ScopedViewSet, _int_param, call_service
from moralprovince.geo.models import Province
from moralprovince.organisations.access import (
    networks_visible_to,
    organisations_visible_to,
    programmes_visible_to,
)
from moralprovince.plans import services
from moralprovince.plans.access import (
    can_write_unit,
    declarations_visible_to,
    plans_visible_to,
    targets_visible_to,
)
from moralprovince.plans.models import Activity, BudgetLine, Goal

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class UnitViewSet(ScopedViewSet):
    """Rows of a unit (province, network or organisation) and a fiscal year."""

    def visible(self, write: bool) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        write = self.request.method in WRITE_METHODS
        qs = self.visible(write)
        params = self.request.query_params
        if params.get("province"):
            qs = qs.filter(province_id=params["province"])
        year = _int_param(params, "fiscal_year")
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

    def check_unit(self, data: dict[str, Any]) -> None:
        province = data["province"]
        if not can_write_unit(
            self.request.user, province.pk, data.get("network"), data.get("organisation")
        ):
            raise exceptions.PermissionDenied


def _member_provinces(user: Any) -> Any:
    return Province.objects.filter(pk__in=programmes_visible_to(user).values("province_id"))


class DeclarationViewSet(UnitViewSet):
    serializer_class = ps.DeclarationSerializer

    def visible(self, write: bool) -> QuerySet[Any]:
        return declarations_visible_to(self.request.user, write)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        self.check_unit(data)
        row = serializer.Meta.model(**{k: data.pop(k, None) for k in ps.UNIT_FIELDS})
        serializer.instance = call_service(
            lambda: services.save_declaration(actor=self.request.user, declaration=row, data=data)
        )

    def perform_update(self, serializer: Any) -> None:
        call_service(
            lambda: services.save_declaration(
                actor=self.request.user,
                declaration=serializer.instance,
                data=serializer.validated_data,
            )
        )


class TargetVirtueViewSet(UnitViewSet):
    serializer_class = ps.TargetVirtueSerializer

    def visible(self, write: bool) -> QuerySet[Any]:
        return targets_visible_to(self.request.user, write)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        self.check_unit(data)
        row = serializer.Meta.model(**{k: data.pop(k, None) for k in ps.UNIT_FIELDS})
        virtues = data.pop("virtues")
        serializer.instance = call_service(
            lambda: services.save_target_virtue(
                actor=self.request.user, target=row, data=data, virtues=virtues
            )
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        target = serializer.instance
        virtues = data.pop("virtues", target.virtues.all())
        call_service(
            lambda: services.save_target_virtue(
                actor=self.request.user, target=target, data=data, virtues=virtues
            )
        )


COMMENT = inline_serializer("ReviewComment", {"comment": serializers.CharField(required=False)})


class PlanViewSet(UnitViewSet):
    serializer_class = ps.PlanSerializer

    def visible(self, write: bool) -> QuerySet[Any]:
        review = self.action in ("approve", "return_plan")
        return plans_visible_to(self.request.user, write and not review).prefetch_related(
            "goals", "events__actor"
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        self.check_unit(data)
        serializer.instance = call_service(
            lambda: services.create_plan(
                actor=self.request.user,
                province=data["province"],
                fiscal_year=data["fiscal_year"],
                title=data["title"],
                network=data.get("network"),
                organisation=data.get("organisation"),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        title = serializer.validated_data.get("title", serializer.instance.title)
        call_service(
            lambda: services.update_plan_title(
                actor=self.request.user, plan=serializer.instance, title=title
            )
        )

    def _step(self, request: Request, step: Any) -> Response:
        plan = self.get_object()
        call_service(lambda: step(plan, request.data.get("comment", "")))
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

    @extend_schema(request=COMMENT, responses=ps.PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request, lambda p, c: services.return_plan(actor=request.user, plan=p, comment=c)
        )

    @extend_schema(request=COMMENT, responses=ps.PlanSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request, lambda p, c: services.open_revision(actor=request.user, plan=p, reason=c)
        )


class PlanPartViewSet(mixins.DestroyModelMixin, ScopedViewSet):
    """Goals, activities and budget lines: reached through their plan."""

    plan_path = "plan"
    model: Any = None

    def writable_plans(self) -> QuerySet[Any]:
        return plans_visible_to(self.request.user, write=True)

    def get_queryset(self) -> QuerySet[Any]:
        write = self.request.method in WRITE_METHODS
        plans = plans_visible_to(self.request.user, write)
        qs = self.model.objects.filter(**{f"{self.plan_path}__in": plans})
        plan = _int_param(self.request.query_params, "plan")
        return qs.filter(**{self.plan_path: plan}) if plan else qs


class GoalViewSet(PlanPartViewSet):
    serializer_class = ps.GoalSerializer
    model = Goal

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer.fields["plan"].queryset = self.writable_plans()
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        goal = Goal(plan=data.pop("plan"))
        serializer.instance = call_service(
            lambda: services.save_goal(actor=self.request.user, goal=goal, data=data)
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("plan", None)
        call_service(
            lambda: services.save_goal(actor=self.request.user, goal=serializer.instance, data=data)
        )

    def perform_destroy(self, instance: Goal) -> None:
        call_service(lambda: services.delete_goal(actor=self.request.user, goal=instance))


class ActivityViewSet(PlanPartViewSet):
    serializer_class = ps.ActivitySerializer
    model = Activity

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer = super().scoped_serializer(serializer)
        fields, user = serializer.fields, self.request.user
        fields["plan"].queryset = self.writable_plans()
        fields["goal"].queryset = Goal.objects.filter(plan__in=self.writable_plans())
        fields["responsible"].queryset = organisations_visible_to(user)
        fields["partners"].child_relation.queryset = organisations_visible_to(user)
        return serializer

    def _save(self, activity: Activity, data: dict[str, Any]) -> Activity:
        partners = data.pop("partners", activity.partners.all() if activity.pk else [])
        virtues = data.pop("virtues", activity.virtues.all() if activity.pk else [])
        data.pop("plan", None)
        return call_service(
            lambda: services.save_activity(
                actor=self.request.user,
                activity=activity,
                data=data,
                partners=partners,
                virtues=virtues,
            )
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = self._save(Activity(plan=data["plan"]), data)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer.instance, dict(serializer.validated_data))

    def perform_destroy(self, instance: Activity) -> None:
        call_service(lambda: services.delete_activity(actor=self.request.user, activity=instance))


class BudgetLineViewSet(PlanPartViewSet):
    serializer_class = ps.BudgetLineSerializer
    model = BudgetLine
    plan_path = "activity__plan"

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer.fields["activity"].queryset = Activity.objects.filter(
            plan__in=self.writable_plans()
        )
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        line = BudgetLine(activity=data.pop("activity"))
        serializer.instance = call_service(
            lambda: services.save_budget_line(actor=self.request.user, line=line, data=data)
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("activity", None)
        call_service(
            lambda: services.save_budget_line(
                actor=self.request.user, line=serializer.instance, data=data
            )
        )

    def perform_destroy(self, instance: BudgetLine) -> None:
        call_service(lambda: services.delete_budget_line(actor=self.request.user, line=instance))
