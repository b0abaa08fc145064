from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from moralprovince.core.fields import ThaiDateField
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.geo.models import District, Subdistrict
from moralprovince.lib.fiscal import PERIOD_NAMES
from moralprovince.lib.lookup import MAX_ID
from moralprovince.lib.numbers import parse_amount
from moralprovince.lib.thaidate import arabic_digits
from moralprovince.monitoring import sources
from moralprovince.monitoring.models import (
    PERIODS,
    Dimension,
    Indicator,
    MonitoringVisit,
)
from moralprovince.monitoring.services import (
    ActivityReportInput,
    IndicatorInput,
    TargetInput,
    ValueInput,
    VisitInput,
)
from moralprovince.organisations.models import Network, Organisation


class FigureField(forms.Field):
    """A figure that may be written with Thai digits and thousands separators."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})
    default_error_messages = {"invalid": _("Write a number, for example 125 or 87.5.")}

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value).quantize(Decimal("0.01"))
        except (ValueError, ArithmeticError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class RowsField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. An id no row could have is refused as an unknown choice
    before the database is asked, since SQLite and PostgreSQL fail on a number that large."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # The parent class names it as not a valid id.
            if not -MAX_ID <= number <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class IndicatorForm(forms.ModelForm):
    baseline = FigureField(label=_("baseline"), required=False)
    source = forms.ChoiceField(label=_("values come from"), required=False, choices=sources.choices)
    virtues = RowsField(
        Virtue.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("virtues"),
    )
    dimensions = RowsField(
        Dimension.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("disaggregated by"),
    )

    class Meta:
        model = Indicator
        fields = IndicatorInput.names()
        widgets = {"means_of_verification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = Strategy.objects.select_related("master_plan")  # type: ignore[attr-defined]

    def to_input(self) -> IndicatorInput:
        return IndicatorInput.from_data(self.cleaned_data)


PERIOD_CHOICES = list(PERIOD_NAMES.items())


def fiscal_year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("fiscal year (BE)"),
        min_value=2500,
        max_value=2700,
        error_messages={"min_value": _("Write the year in the Buddhist Era, for example 2564.")},
    )


def period_field() -> forms.ChoiceField:
    """A period, chosen from those offered; another is refused by name, not by its code."""
    return forms.ChoiceField(
        label=_("period"),
        choices=PERIOD_CHOICES,
        error_messages={"invalid_choice": _("Choose one of the periods listed.")},
    )


def indicator_periods(indicator: Indicator, *, whole_year: bool = False) -> list[tuple[str, Any]]:
    """The periods the indicator is reported by, by name; with the whole year for a target,
    which may be set for the year as well as for its periods."""
    codes = PERIODS[indicator.frequency]
    if whole_year and "Y" not in codes:
        codes = [*codes, "Y"]
    return [(code, PERIOD_NAMES[code]) for code in codes]


class TargetForm(forms.Form):
    fiscal_year = fiscal_year_field()
    period = period_field()
    value = FigureField(label=_("target"))

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = indicator_periods(indicator, whole_year=True)  # type: ignore[attr-defined]

    def to_input(self) -> TargetInput:
        return TargetInput.from_data(self.cleaned_data)


class ValueForm(forms.Form):
    fiscal_year = fiscal_year_field()
    period = period_field()
    value = FigureField(label=_("value"))
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("evidence"), required=False)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = indicator_periods(indicator)  # type: ignore[attr-defined]
        self.dimension_fields: list[tuple[str, Dimension, str]] = []
        for dimension in indicator.dimensions.all():
            for code, label in category_choices(dimension, indicator.province_id):
                name = f"part_{dimension.code}_{code}"
                self.fields[name] = FigureField(label=f"{dimension.name}: {label}", required=False)
                self.dimension_fields.append((name, dimension, code))

    def parts(self) -> list[tuple[Dimension, str, Decimal]]:
        return [
            (dimension, code, self.cleaned_data[name])
            for name, dimension, code in self.dimension_fields
            if self.cleaned_data.get(name) is not None
        ]

    def to_input(self) -> ValueInput:
        return ValueInput.from_data(self.cleaned_data | {"parts": self.parts()})


def category_choices(dimension: Dimension, province_id: str) -> list[tuple[str, str]]:
    """A dimension's categories: listed, or the province's districts or networks."""
    if dimension.kind == Dimension.Kind.DISTRICT:
        return [(d.code, d.name) for d in District.objects.filter(province_id=province_id)]
    if dimension.kind == Dimension.Kind.NETWORK:
        return [(str(n.pk), n.name) for n in Network.objects.filter(province_id=province_id)]
    return [(c.code, c.name) for c in dimension.categories.all()]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ActivityReportForm(forms.Form):
    held_on = ThaiDateField(label=_("date held"))
    subdistrict = forms.ModelChoiceField(Subdistrict.objects.none(), label=_("subdistrict"))
    # A number field, so that phones show a keypad; Thai digits and separators typed in a
    # browser that accepts them are read all the same.
    participants = forms.CharField(
        label=_("participants"), widget=forms.NumberInput(attrs={"min": 0, "step": 1})
    )
    description = forms.CharField(
        label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3})
    )
    outcomes = forms.CharField(
        label=_("outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachments = MultipleFileField(label=_("photos and documents"), required=False)

    def __init__(
        self, *args: Any, province_id: str, dimensions: list[Dimension], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = (  # type: ignore[attr-defined]
            Subdistrict.objects.filter(province_id=province_id)
            .select_related("district")
            .order_by("district__name_th", "name_th")
        )
        self.dimension_fields: list[tuple[str, Dimension, str]] = []
        for dimension in dimensions:
            for code, label in category_choices(dimension, province_id):
                name = f"count_{dimension.code}_{code}"
                self.fields[name] = forms.IntegerField(
                    label=f"{dimension.name}: {label}", required=False, min_value=0
                )
                self.dimension_fields.append((name, dimension, code))

    def clean_participants(self) -> int:
        text = arabic_digits(self.cleaned_data["participants"]).replace(",", "").strip()
        if not text.isdigit():
            raise ValidationError(_("Write a whole number."))
        return int(text)

    def counts(self) -> list[tuple[Dimension, str, int]]:
        return [
            (dimension, code, self.cleaned_data[name])
            for name, dimension, code in self.dimension_fields
            if self.cleaned_data.get(name) is not None
        ]

    def to_input(self) -> ActivityReportInput:
        data = self.cleaned_data | {
            "counts": self.counts(),
            "files": self.cleaned_data["attachments"],
        }
        return ActivityReportInput.from_data(data)


class VisitForm(forms.ModelForm):
    visited_on = ThaiDateField(label=_("date of visit"))

    class Meta:
        model = MonitoringVisit
        fields = VisitInput.names()
        field_classes = {"organisations": RowsField}
        widgets = {
            "team": forms.Textarea(attrs={"rows": 2}),
            "places": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )
        self.fields["organisations"].required = False

    def to_input(self) -> VisitInput:
        return VisitInput.from_data(self.cleaned_data)


class LockForm(forms.Form):
    period = forms.ChoiceField(label=_("period"), choices=PERIOD_CHOICES)
