from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from moralprovince.accounts.models import RoleKind, User
from moralprovince.organisations.models import Network, Organisation


class RoleForm(forms.Form):
    """Give a role in one province to a person, creating the account if it is new."""

    username = forms.CharField(label=_("username"), max_length=150)
    display_name = forms.CharField(label=_("display name"), max_length=150, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    password = forms.CharField(
        label=_("password"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("Only for a new account."),
    )
    kind = forms.ChoiceField(
        label=_("role"),
        choices=[c for c in RoleKind.choices if c[0] != RoleKind.NATIONAL_ADMIN],
    )
    network = forms.ModelChoiceField(Network.objects.none(), required=False, label=_("network"))
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), required=False, label=_("organisation")
    )

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(province_id=province_id)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username = data.get("username", "")
        exists = User.objects.filter(username__iexact=username).exists()
        if not exists and data.get("password"):
            validate_password(data["password"])
        return data
