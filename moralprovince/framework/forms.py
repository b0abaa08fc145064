from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from moralprovince.framework.models import MasterPlan, Strategy, Virtue
from moralprovince.framework.services import MasterPlanInput, StrategyInput, VirtueInput
from moralprovince.lib.fiscal import FIRST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE, LAST_FISCAL_YEAR


def fiscal_year_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    """A fiscal year in the Buddhist Era, within the range the system accepts."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_FISCAL_YEAR,
        max_value=LAST_FISCAL_YEAR,
        error_messages={"min_value": FISCAL_YEAR_MESSAGE, "max_value": FISCAL_YEAR_MESSAGE},
        **kwargs,
    )


class VirtueForm(forms.ModelForm):
    valid_from = fiscal_year_field(_("valid from fiscal year (BE)"))
    valid_to = fiscal_year_field(
        _("valid to fiscal year (BE)"), required=False, help_text=_("Empty: still valid.")
    )

    class Meta:
        model = Virtue
        fields = VirtueInput.names()


class MasterPlanForm(forms.ModelForm):
    start_year = fiscal_year_field(_("first fiscal year (BE)"))
    end_year = fiscal_year_field(_("last fiscal year (BE)"))

    class Meta:
        model = MasterPlan
        fields = MasterPlanInput.names()


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = StrategyInput.names()
