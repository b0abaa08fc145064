from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from moralprovince.core.fields import ThaiDateField
from moralprovince.geo.models import Province
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import validation
from moralprovince.surveys.models import Domain, InstrumentVersion, ScoringRule, Sex
from moralprovince.surveys.problems import text as problem_text
from moralprovince.surveys.spec import Spec
from moralprovince.surveys.validation import read_answers


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


class SharedDeviceForm(forms.Form):
    shared = forms.BooleanField(required=False, label=_("Several pupils share this device"))
    back = forms.ChoiceField(choices=[("school", "school"), ("round", "round")], required=False)


class WorkbookForm(forms.Form):
    file = forms.FileField(label=_("Instrument workbook (.xlsx, XLSForm)"))


class StartForm(forms.Form):
    """The first page of the web form: no name or id, only what results are grouped by."""

    grade = forms.TypedChoiceField(
        coerce=int,
        label=_("Grade"),
        # Nothing is chosen until the pupil chooses: a skipped question is not counted as ป.1.
        choices=[("", "—")]
        + [(g, f"ป.{g}" if g <= 6 else f"ม.{g - 6}") for g in validation.GRADES],
    )
    sex = forms.TypedChoiceField(
        coerce=int, choices=Sex.choices, label=_("Sex"), widget=forms.RadioSelect
    )
    age = forms.IntegerField(
        label=_("Age (years)"),
        min_value=validation.AGE_MIN,
        max_value=validation.AGE_MAX,
        required=False,
    )


class ImportActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("check", _("Check the whole file")),
            ("import", _("Import all rows")),
            ("import-valid", _("Import only the valid rows")),
        ]
    )
    confirm = forms.BooleanField(required=False)
    after_close = forms.BooleanField(
        required=False,
        label=_(
            "The round has closed: these answers were given while it was open (paper forms typed in later). Import them as a correction."
        ),
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if data and data.get("action") == "import-valid" and not data.get("confirm"):
            raise ValidationError(
                _("Tick the box to confirm that the rows with problems are left out.")
            )
        return data


class DomainForm(forms.Form):
    """One page of the web form: the questions of one power, read by the one answer check."""

    def __init__(
        self, spec: Spec, version: InstrumentVersion, domain: Domain, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        choices = [
            (str(c.value), c.label_th if c.label_th else str(c.value))
            for c in version.choices.order_by("value")
        ]
        for item in domain.items.order_by("order"):
            # The radio buttons offer the choices; the answer check, not the field, decides
            # what is an answer, as it does for the API and for imported files.
            self.fields[item.code] = forms.CharField(
                label=item.text_th,
                widget=forms.RadioSelect(choices=choices),
                error_messages={"required": _("Please choose an answer.")},
            )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        given = {code: data[code] for code in self.fields if code in data}
        values, problems = read_answers(self.spec, [given], list(given))
        for problem in problems:
            self.add_error(problem["column"], problem_text(problem))
        return {**data, **values[0]}
