from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from moralprovince.accounts.models import RoleKind, User
from moralprovince.geo.models import District, Province, Subdistrict
from moralprovince.lib.fiscal import FIRST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE, LAST_FISCAL_YEAR
from moralprovince.lib.lookup import is_row_id
from moralprovince.organisations.access import organisations_open_to_join
from moralprovince.organisations.models import (
    Network,
    Organisation,
    OrganisationType,
    Programme,
)
from moralprovince.organisations.services import NetworkInput, ProgrammeInput
from moralprovince.organisations.widgets import OrganisationLookup


class RowsField(forms.ModelMultipleChoiceField):
    """Rows chosen by id, as check boxes or a multiple select.

    Django looks the chosen ids up all at once; an id past 64 bits would fail there, in the
    database, so it is refused here as an invalid choice.
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not is_row_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


def rows_formfield(db_field: Any, **kwargs: Any) -> Any:
    """A model form's field for a model field, with `RowsField` for many-to-many ones."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", RowsField)
    return db_field.formfield(**kwargs)


class OrganisationForm(forms.ModelForm):
    # Each subdistrict is named with its district (`Subdistrict.__str__`), in district order.
    subdistrict = forms.ModelChoiceField(
        queryset=Subdistrict.objects.none(), label=_("subdistrict")
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name_th",
            "name_en",
            "kind",
            "subdistrict",
            "address",
            "phone",
            "email",
            "website",
        ]

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = (  # type: ignore[attr-defined]
            Subdistrict.objects.filter(province=province)
            .select_related("district")
            .order_by("district__name_th", "name_th")
        )


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = NetworkInput.names()

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_province = Organisation.objects.filter(province=province)
        self.fields["chair"].queryset = in_province  # type: ignore[attr-defined]
        self.fields["secretariat"].queryset = in_province  # type: ignore[attr-defined]


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ProgrammeInput.names()

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["secretariat"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            province=province
        )


class NewProgrammeForm(forms.Form):
    province = forms.ModelChoiceField(
        queryset=Province.objects.filter(programme__isnull=True), label=_("province")
    )
    name_th = forms.CharField(label=_("Thai name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)


def be_year_field(label: Any) -> forms.IntegerField:
    # Python's int() reads Thai digits (๒๕๖๔) as well as Arabic ones.
    return forms.IntegerField(
        label=label,
        min_value=FIRST_FISCAL_YEAR,
        max_value=LAST_FISCAL_YEAR,
        error_messages={"min_value": FISCAL_YEAR_MESSAGE, "max_value": FISCAL_YEAR_MESSAGE},
    )


class ProgrammeYearForm(forms.Form):
    fiscal_year = be_year_field(_("fiscal year (BE)"))
    year_number = forms.IntegerField(label=_("programme year"), min_value=1, max_value=50)
    theme = forms.CharField(label=_("theme"), max_length=300, required=False)


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("organisation"), widget=OrganisationLookup
    )

    def __init__(self, *args: Any, network: Network, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations_open_to_join(actor, network)  # type: ignore[attr-defined]
        field.widget.for_province(network.province_id, network.pk)  # type: ignore[attr-defined]


class DirectoryFilterForm(forms.Form):
    # No max_length: a long query is cut short by the search, not refused.
    q = forms.CharField(label=_("Search names"), required=False)
    province = forms.ModelChoiceField(
        queryset=Province.objects.none(), required=False, label=_("province")
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.none(), required=False, label=_("district")
    )
    network = forms.ModelChoiceField(
        queryset=Network.objects.none(), required=False, label=_("network")
    )
    kind = forms.ModelChoiceField(
        queryset=OrganisationType.objects.all(), required=False, label=_("type")
    )

    def __init__(self, *args: Any, provinces: Any, networks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        province_ids = list(provinces.values_list("pk", flat=True))
        self.across_provinces = len(province_ids) > 1
        if self.across_provinces:
            # Across provinces, districts and networks number in the hundreds: they are
            # offered once a province is chosen, from that province only.
            chosen = str(self.data.get("province") or "")
            province_ids = [chosen] if chosen in province_ids else []
            for name in ("district", "network"):
                self.fields[name].help_text = _("Choose a province first.")
        self.fields["network"].queryset = networks.filter(  # type: ignore[attr-defined]
            province_id__in=province_ids
        )
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            province_id__in=province_ids
        )


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
        Organisation.objects.none(),
        required=False,
        label=_("organisation"),
        widget=OrganisationLookup,
    )

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(province_id=province_id)  # type: ignore[attr-defined]
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.filter(province_id=province_id)  # type: ignore[attr-defined]
        organisation.widget.for_province(province_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username = data.get("username", "")
        exists = User.objects.filter(username__iexact=username).exists()
        if not exists and data.get("password"):
            validate_password(data["password"])
        return data
