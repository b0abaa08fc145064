from django.contrib import admin

from moralprovince.framework.models import MasterPlan, Strategy, Virtue


@admin.register(Virtue)
class VirtueAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "valid_from", "valid_to"]


class StrategyInline(admin.TabularInline):
    model = Strategy
    extra = 0


@admin.register(MasterPlan)
class MasterPlanAdmin(admin.ModelAdmin):
    list_display = ["name_th", "start_year", "end_year"]
    inlines = [StrategyInline]
