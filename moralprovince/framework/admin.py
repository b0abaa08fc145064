from django.contrib import admin

from moralprovince.core.admin import ReadOnlyAdmin, ReadOnlyInline
from moralprovince.framework.models import MasterPlan, Strategy, Virtue


# Virtues and strategies are edited on the framework pages, through the framework services.
@admin.register(Virtue)
class VirtueAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_th", "name_en", "valid_from", "valid_to"]


class StrategyInline(ReadOnlyInline):
    model = Strategy


@admin.register(MasterPlan)
class MasterPlanAdmin(ReadOnlyAdmin):
    list_display = ["name_th", "start_year", "end_year"]
    inlines = [StrategyInline]
