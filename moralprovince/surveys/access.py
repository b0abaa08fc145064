"""Who sees and runs survey rounds: the province's readers see them; its admins and its
academic partners (evaluators) run them and import responses; national staff see all and
manage the instruments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from moralprovince.accounts.scope import scope_for
from moralprovince.lib.lookup import get_or_404
from moralprovince.surveys.models import ResponseImport, SurveyRound


def rounds_visible_to(user: Any) -> QuerySet[SurveyRound]:
    scope = scope_for(user)
    rounds = SurveyRound.objects.select_related("province", "version__instrument")
    if scope.national:
        return rounds
    return rounds.filter(province_id__in=scope.read_provinces)


def rounds_runnable_by(user: Any) -> QuerySet[SurveyRound]:
    scope = scope_for(user)
    if scope.national:
        return rounds_visible_to(user)
    provinces = scope.admin_provinces | scope.evaluator_provinces
    return rounds_visible_to(user).filter(province_id__in=provinces)


def provinces_runnable_by(user: Any) -> set[str] | None:
    """Provinces where the person may start rounds; None means every province."""
    scope = scope_for(user)
    if scope.national:
        return None
    return set(scope.admin_provinces | scope.evaluator_provinces)


def get_round(user: Any, pk: Any, run: bool = False) -> SurveyRound:
    return get_or_404(rounds_runnable_by(user) if run else rounds_visible_to(user), pk)


def get_import(user: Any, pk: Any) -> ResponseImport:
    return get_or_404(
        ResponseImport.objects.filter(round__in=rounds_runnable_by(user)).select_related("round"),
        pk,
    )


def can_manage_instruments(user: Any) -> bool:
    return scope_for(user).national
