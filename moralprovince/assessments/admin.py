from django.contrib import admin

from moralprovince.assessments.models import (
    Assessment,
    Community,
    CriteriaVersion,
    CriterionItem,
    Round,
    Transition,
)
from moralprovince.core.admin import ReadOnlyAdmin, ReadOnlyInline


# Criteria, rounds and assessments are changed on their pages, through the services, so
# that every change is checked, versioned and logged; the back office only reads them.
class ItemInline(ReadOnlyInline):
    model = CriterionItem


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(ReadOnlyAdmin):
    list_display = ["title_th", "unit_type", "fiscal_year", "number", "status"]
    list_filter = ["unit_type", "status"]
    inlines = [ItemInline]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "province", "fiscal_year", "self_deadline", "verify_deadline"]


class TransitionInline(ReadOnlyInline):
    model = Transition


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "round", "unit_type", "status", "level"]
    list_filter = ["status", "level", "unit_type"]
    inlines = [TransitionInline]


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ["name_th", "province", "subdistrict"]
