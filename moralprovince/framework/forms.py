from django import forms

from moralprovince.framework.models import MasterPlan, Strategy, Virtue
from moralprovince.framework.services import MasterPlanInput, StrategyInput, VirtueInput


class VirtueForm(forms.ModelForm):
    class Meta:
        model = Virtue
        fields = VirtueInput.names()


class MasterPlanForm(forms.ModelForm):
    class Meta:
        model = MasterPlan
        fields = MasterPlanInput.names()


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = StrategyInput.names()
