from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from moralprovince.core.fields import ThaiDateField
from moralprovince.geo.models import District, Subdistrict
from moralprovince.lib.thaidate import arabic_digits
from moralprovince.organisations.models import Organisation
from moralprovince.people.models import Batch, Course, Partner, Person, Trainer, TrainingSession
from moralprovince.people.services import (
    BatchInput,
    CourseInput,
    PersonInput,
    SessionInput,
    TrainerInput,
)


class ThaiDecimalField(forms.DecimalField):
    """A number that may be written with Thai digits."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = arabic_digits(value).replace(",", "").strip()
        return super().to_python(value)


def _decimal(label: Any, required: bool = True) -> ThaiDecimalField:
    return ThaiDecimalField(
        label=label, required=required, min_value=0, max_digits=6, decimal_places=2
    )


class CourseForm(forms.ModelForm):
    hours = _decimal(_("hours"))
    min_hours = _decimal(_("minimum hours attended"))
    test_max_score = _decimal(_("highest test score"))
    min_post_score = _decimal(_("minimum post-test score"))

    class Meta:
        model = Course
        fields = CourseInput.names()
        widgets = {"topics": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Partner.objects.filter(province_id=province_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours, least = data.get("hours"), data.get("min_hours")
        if hours is not None and least is not None and least > hours:
            self.add_error(
                "min_hours", _("The minimum hours attended is more than the course's hours.")
            )
        top, mark = data.get("test_max_score"), data.get("min_post_score")
        if top is not None and mark is not None and mark > top:
            self.add_error(
                "min_post_score", _("The minimum post-test score is above the highest score.")
            )
        return data

    def to_input(self) -> CourseInput:
        return CourseInput.from_data(self.cleaned_data)


class BatchForm(forms.ModelForm):
    starts_on = ThaiDateField(label=_("first day"))
    ends_on = ThaiDateField(label=_("last day"))

    class Meta:
        model = Batch
        fields = BatchInput.names()

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Subdistrict.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        ).select_related("district")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data

    def to_input(self) -> BatchInput:
        return BatchInput.from_data(self.cleaned_data)


class SessionForm(forms.ModelForm):
    date = ThaiDateField(label=_("date"))
    hours = _decimal(_("hours"))

    class Meta:
        model = TrainingSession
        fields = SessionInput.names()

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id, trainer__isnull=False
        )

    def to_input(self) -> SessionInput:
        return SessionInput.from_data(self.cleaned_data)


PERSON_FIELDS = ["name_th", "name_en", "sex", "position", "organisation_name", "phone", "email"]


class PersonForm(forms.ModelForm):
    """A person entered by staff: the organisation may be one the province holds."""

    class Meta:
        model = Person
        fields = ["name_th", "name_en", "sex", "position", "organisation", *PERSON_FIELDS[4:]]

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )

    def to_input(self) -> PersonInput:
        return PersonInput.from_data(self.cleaned_data)


class EnrolForm(PersonForm):
    purpose = forms.CharField(label=_("purpose of keeping the data"), max_length=300)
    consent = forms.BooleanField(
        label=_("The person consents to their data being kept for this purpose"),
        required=False,
    )


class JoinForm(forms.ModelForm):
    """Self-enrolment through the batch's link (the consent is a box of its own below)."""

    class Meta:
        model = Person
        fields = PERSON_FIELDS

    def to_input(self) -> PersonInput:
        return PersonInput.from_data(self.cleaned_data)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("sign-in sheet (.xlsx or .csv)"))
    purpose = forms.CharField(label=_("purpose of keeping the data"), max_length=300)
    consent = forms.BooleanField(
        label=_("The people on the sheet consented on it to their data being kept"),
        required=True,
        error_messages={"required": _("The people's consent is needed to import them.")},
    )


class TrainerForm(forms.ModelForm):
    class Meta:
        model = Trainer
        fields = TrainerInput.names()
        widgets = {
            "topics": forms.Textarea(attrs={"rows": 3}),
            "districts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = District.objects.filter(province_id=province_id)  # type: ignore[attr-defined]
        self.fields["districts"].required = False

    def to_input(self) -> TrainerInput:
        return TrainerInput.from_data(self.cleaned_data)


class TrainerSearchForm(forms.Form):
    q = forms.CharField(label=_("name, organisation or topic"), max_length=200, required=False)
    topic = forms.CharField(label=_("topic"), max_length=200, required=False)
    district = forms.ModelChoiceField(
        label=_("district"), queryset=District.objects.none(), required=False
    )

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(province_id=province_id)  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "")

    def clean_topic(self) -> str:
        return self.cleaned_data["topic"].replace("\x00", "")
