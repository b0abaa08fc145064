"""Writes to the national framework, by national admins, each recorded in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction

from moralprovince.accounts.access import Actor
from moralprovince.audit.services import log_action, snapshot, stored_snapshot
from moralprovince.core.inputs import Input, assign
from moralprovince.framework import access
from moralprovince.framework.models import MasterPlan


@dataclass(frozen=True)
class VirtueInput(Input):
    code: str = ""
    name_th: str = ""
    name_en: str = ""
    description: str = ""
    valid_from: int | None = None
    valid_to: int | None = None
    order: int = 0


@dataclass(frozen=True)
class MasterPlanInput(Input):
    name_th: str = ""
    name_en: str = ""
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True)
class StrategyInput(Input):
    master_plan: MasterPlan | None = None
    number: int | None = None
    name_th: str = ""
    name_en: str = ""
    description: str = ""


FrameworkInput = VirtueInput | MasterPlanInput | StrategyInput


@transaction.atomic
def create_framework_item(*, actor: Actor, item: models.Model, data: FrameworkInput) -> None:
    """Add a virtue, master plan or strategy (`item` is the new, unsaved row)."""
    _save(actor, item, data, {}, "created")


@transaction.atomic
def update_framework_item(*, actor: Actor, item: models.Model, data: FrameworkInput) -> None:
    """Change a virtue, master plan or strategy."""
    _save(actor, item, data, stored_snapshot(item, data.names()), "updated")


def _save(
    actor: Actor, item: models.Model, data: FrameworkInput, before: dict[str, object], verb: str
) -> None:
    access.require(actor, "framework.edit", item)
    assign(item, data)
    item.full_clean()
    item.save()
    log_action(
        actor=actor,
        action=f"framework.{item._meta.model_name}.{verb}",
        obj=item,
        province_id=None,
        before=before,
        after=snapshot(item, data.names()),
    )
