from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moralprovince.core.fields import MoneyField, ThaiDateField
from moralprovince.core.files import StoredFileInput
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.lib.uploads import validate_document
from moralprovince.organisations.forms import RowsField, rows_formfield
from moralprovince.organisations.models import Organisation
from moralprovince.plans.models import Activity, BudgetLine, Declaration, Goal, TargetVirtue
from moralprovince.plans.services import (
    COMMENT_MAX_LENGTH,
    ActivityInput,
    BudgetLineInput,
    DeclarationInput,
    GoalInput,
    TargetVirtueInput,
)


class DeclarationForm(forms.ModelForm):
    declared_on = ThaiDateField(label=_("date declared"))

    class Meta:
        model = Declaration
        fields = DeclarationInput.names()
        widgets = {"document": StoredFileInput}

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):
            validate_document(document)
        return document

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for group in ("executives", "members"):
            signed, total = data.get(f"{group}_signed"), data.get(f"{group}_total")
            if signed is not None and total is not None and signed > total:
                self.add_error(f"{group}_signed", _("More people signed than there are in total."))
        return data

    def to_input(self) -> DeclarationInput:
        # Without a new upload the field gives back the stored file, which stays as it is.
        document = self.cleaned_data["document"]
        if document is not False and not isinstance(document, UploadedFile):
            document = None
        return DeclarationInput.from_data(self.cleaned_data | {"document": document})


class TargetVirtueForm(forms.ModelForm):
    virtues = RowsField(
        queryset=Virtue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("core virtues"),
    )

    class Meta:
        model = TargetVirtue
        fields = TargetVirtueInput.names()

    def __init__(self, *args: Any, fiscal_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["virtues"].queryset = Virtue.objects.valid_in(fiscal_year)  # type: ignore[attr-defined]

    def to_input(self) -> TargetVirtueInput:
        return TargetVirtueInput.from_data(self.cleaned_data)


class NewPlanForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)


class GoalForm(forms.ModelForm):
    number = forms.IntegerField(label=_("number"), min_value=1, required=False)

    class Meta:
        model = Goal
        fields = GoalInput.names()
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def to_input(self) -> GoalInput:
        return GoalInput.from_data(self.cleaned_data)


class ActivityForm(forms.ModelForm):
    start = ThaiDateField(label=_("start date"))
    end = ThaiDateField(label=_("end date"))
    virtues = RowsField(
        queryset=Virtue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("virtues"),
    )

    class Meta:
        model = Activity
        formfield_callback = rows_formfield
        fields = ActivityInput.names()
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_province = Organisation.objects.filter(province_id=plan.province_id)
        fields = self.fields
        fields["goal"].queryset = plan.goals.all()  # type: ignore[attr-defined]
        fields["responsible"].queryset = in_province  # type: ignore[attr-defined]
        fields["partners"].queryset = in_province  # type: ignore[attr-defined]
        fields["virtues"].queryset = Virtue.objects.valid_in(plan.fiscal_year)  # type: ignore[attr-defined]
        fields["strategy"].queryset = Strategy.objects.filter(  # type: ignore[attr-defined]
            Q(master_plan__start_year__lte=plan.fiscal_year)
            & Q(master_plan__end_year__gte=plan.fiscal_year)
        )

    def to_input(self) -> ActivityInput:
        return ActivityInput.from_data(self.cleaned_data)


class BudgetLineForm(forms.ModelForm):
    amount = MoneyField(label=_("amount (baht)"))

    class Meta:
        model = BudgetLine
        fields = BudgetLineInput.names()

    def to_input(self) -> BudgetLineInput:
        return BudgetLineInput.from_data(self.cleaned_data)


class CommentForm(forms.Form):
    """The reviewer's comment on returning a plan, or the reason for a revision.

    Only its form is checked here (text, its length, no NUL byte); the service says what is
    missing when it is empty, in the words of the step.
    """

    comment = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# A year's plans of a whole province export to well under a megabyte.
MAX_IMPORT_MB = 10


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_IMPORT_MB}, code="too_large"
            )
        return upload
