"""Who sees and changes the province's people, courses and trainers: the one rule table.

Everyone with a role in a province sees its courses, batches and trainers by name; only the
province's staff (its admins, evaluators and province viewers) see contact details; the
province's admins and its academic partners run courses; only its admins add trainers to the
register, and export or erase a person's data. A person of another province sees nothing,
not even that a row exists (404).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed, enforce, or_404
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.access import is_province_code
from moralprovince.organisations.models import Programme
from moralprovince.people.models import (
    Attendance,
    Batch,
    Course,
    Enrolment,
    Person,
    Trainer,
    TrainingSession,
)
from moralprovince.plans import access as plans_access

Row = TypeVar("Row", bound=models.Model)


def _province_of(obj: Any) -> str:
    """The province of a row, or the province code itself."""
    return obj if isinstance(obj, str) else obj.province_id


def _runs_training(scope: Scope, obj: Any) -> bool:
    province_id = _province_of(obj)
    return scope.can_admin_province(province_id) or province_id in scope.evaluator_provinces


# Each rule is given a row of the province (a course, batch, person, trainer) or its code.
RULES: Rules = {
    "people.read": lambda scope, obj: scope.is_member_of(_province_of(obj)),
    # Phone numbers and e-mail addresses: the province's staff only.
    "people.contacts": lambda scope, obj: scope.can_read_province(_province_of(obj)),
    "people.training.write": _runs_training,
    "people.trainer.write": lambda scope, obj: scope.can_admin_province(_province_of(obj)),
    # Export everything held about a person, or erase it: the province's admins.
    "people.personal_data": lambda scope, obj: scope.can_admin_province(_province_of(obj)),
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def _in_member_provinces(actor: Actor, rows: QuerySet[Row], field: str) -> QuerySet[Row]:
    scope = scope_for(actor)
    if scope.national:
        return rows
    return rows.filter(**{f"{field}__in": scope.member_provinces})


def courses_visible_to(actor: Actor) -> QuerySet[Course]:
    return _in_member_provinces(actor, Course.objects.select_related("organiser"), "province_id")


def batches_visible_to(actor: Actor) -> QuerySet[Batch]:
    return _in_member_provinces(
        actor, Batch.objects.select_related("course", "venue__district"), "province_id"
    )


def sessions_visible_to(actor: Actor) -> QuerySet[TrainingSession]:
    return _in_member_provinces(
        actor, TrainingSession.objects.select_related("batch", "trainer"), "batch__province_id"
    )


def enrolments_visible_to(actor: Actor) -> QuerySet[Enrolment]:
    return _in_member_provinces(
        actor, Enrolment.objects.select_related("person", "batch"), "batch__province_id"
    )


def attendance_visible_to(actor: Actor) -> QuerySet[Attendance]:
    return _in_member_provinces(
        actor,
        Attendance.objects.select_related("session", "enrolment__person"),
        "session__batch__province_id",
    )


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    return _in_member_provinces(actor, Person.objects.all(), "province_id")


def trainers_visible_to(actor: Actor) -> QuerySet[Trainer]:
    return _in_member_provinces(
        actor, Trainer.objects.select_related("person__organisation"), "province_id"
    )


def get_programme(actor: Actor, code: str, action: str = "people.read") -> Programme:
    """The province's programme, if the actor may do `action` in it; otherwise a 404."""
    if not is_province_code(code):
        raise Http404
    programme = Programme.objects.select_related("province").filter(province_id=code).first()
    if programme is None or not can(actor, action, code):
        raise Http404
    return programme


def get_for_user(rows: QuerySet[Row], pk: Any, actor: Actor, action: str | None = None) -> Row:
    """The row of a visible queryset if the actor may also do `action` to it; else a 404."""
    row = get_or_404(rows, pk)
    if action is not None:
        or_404(RULES, actor, action, row)
    return row


def get_activity(actor: Actor, activity_id: Any) -> Any:
    """A key activity whose plan the actor sees, or a 404."""
    return plans_access.get_activity_for_user(actor, activity_id)


def reads_activity(actor: Actor, activity: Any) -> bool:
    return plans_access.plans_visible_to(actor).filter(pk=activity.plan_id).exists()


def picks_for_activity(actor: Actor, activity: Any) -> bool:
    return plans_access.can(actor, "plans.write", activity.plan)
