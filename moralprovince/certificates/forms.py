from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from moralprovince.certificates.models import CODE_LENGTH, normalise_code
from moralprovince.certificates.services import MAX_REASON, MAX_SIGNATORIES
from moralprovince.certificates.sources import kinds
from moralprovince.lib.fiscal import fiscal_year_message, is_fiscal_year


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=CODE_LENGTH + 20,
        help_text=_("The code printed under the QR code, e.g. 7K3M-9QXD-…"),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A certificate code has 20 letters and digits, as printed under the QR code.")
            )
        return code


class FilterForm(forms.Form):
    STATES = [("", _("All")), ("standing", _("Standing")), ("revoked", _("Revoked"))]

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), required=False)
    state = forms.ChoiceField(label=_("Status"), choices=STATES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *kinds()]  # type: ignore[attr-defined]

    def clean_fiscal_year(self) -> int | None:
        year = self.cleaned_data["fiscal_year"]
        if year is not None and not is_fiscal_year(year):
            raise forms.ValidationError(fiscal_year_message())
        return year


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for revoking the certificate.")},
    )


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)


SignatoryFormSet = forms.formset_factory(
    SignatoryForm,
    extra=0,
    min_num=MAX_SIGNATORIES,
    max_num=MAX_SIGNATORIES,
    absolute_max=MAX_SIGNATORIES,
)
