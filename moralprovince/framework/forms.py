from django import forms

from moralprovince.framework.models import MasterPlan, Strategy, Virtue


class VirtueForm(forms.ModelForm):
    class Meta:
        model = Virtue
        fields = ["code", "name_th", "name_en", "description", "valid_from", "valid_to", "order"]


class MasterPlanForm(forms.ModelForm):
    class Meta:
        model = MasterPlan
        fields = ["name_th", "name_en", "start_year", "end_year"]


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["master_plan", "number", "name_th", "name_en", "description"]
