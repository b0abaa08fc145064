from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from moralprovince.core.fields import ThaiDateField
from moralprovince.geo.models import Province
from moralprovince.organisations.models import Organisation
from moralprovince.surveys.models import InstrumentVersion, ScoringRule, Sex


class RoundForm(forms.Form):
    province = forms.ModelChoiceField(Province.objects.none(), label=_("Province"))
    version = forms.ModelChoiceField(
        InstrumentVersion.objects.select_related("instrument"), label=_("Instrument version")
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2500, max_value=2700)
    name = forms.CharField(label=_("Name"), max_length=200)
    opens_on = ThaiDateField(label=_("Opens on"))
    closes_on = ThaiDateField(label=_("Closes on"))

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File of responses (.csv or .xlsx)"))
    school = forms.ModelChoiceField(
        Organisation.objects.none(),
        required=False,
        label=_("School of every row (if the file has no school column)"),
    )

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]


class ScoringForm(forms.Form):
    rule = forms.ChoiceField(choices=ScoringRule.choices, label=_("Percent of the maximum"))
    note = forms.CharField(
        label=_("Why the scoring changes"), widget=forms.Textarea(attrs={"rows": 2})
    )


class WorkbookForm(forms.Form):
    file = forms.FileField(label=_("Instrument workbook (.xlsx, XLSForm)"))


class StartForm(forms.Form):
    """The first page of the web form: no name or id, only what results are grouped by."""

    grade = forms.TypedChoiceField(
        coerce=int,
        label=_("Grade"),
        choices=[(g, f"ป.{g}") for g in range(1, 7)] + [(g, f"ม.{g - 6}") for g in range(7, 13)],
    )
    sex = forms.TypedChoiceField(
        coerce=int, choices=Sex.choices, label=_("Sex"), widget=forms.RadioSelect
    )
    age = forms.IntegerField(label=_("Age (years)"), min_value=6, max_value=25, required=False)
