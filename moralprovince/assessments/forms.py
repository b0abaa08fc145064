from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from moralprovince.accounts.models import RoleKind, User
from moralprovince.assessments.models import (
    LEVELS,
    Community,
    CriteriaVersion,
    CriterionItem,
    Round,
    UnitType,
    VersionStatus,
)
from moralprovince.core.fields import ThaiDateField
from moralprovince.geo.models import District, Subdistrict
from moralprovince.lib.fiscal import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from moralprovince.organisations.models import Network
from moralprovince.people.models import Partner


class VersionForm(forms.ModelForm):
    class Meta:
        model = CriteriaVersion
        fields = ["unit_type", "fiscal_year", "title_th", "title_en", "note", "is_reference"]


class ItemForm(forms.ModelForm):
    class Meta:
        model = CriterionItem
        fields = [
            "number",
            "text_th",
            "text_en",
            "level",
            "scoring",
            "band_2_th",
            "band_1_th",
            "band_0_th",
            "band_2_en",
            "band_1_en",
            "band_0_en",
            "share_high",
            "share_mid",
            "evidence_th",
            "evidence_en",
            "evidence_required",
            "prefill",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "text_th",
                "text_en",
                "band_2_th",
                "band_1_th",
                "band_0_th",
                "band_2_en",
                "band_1_en",
                "band_0_en",
                "evidence_th",
                "evidence_en",
            )
        }

    def __init__(self, *args: Any, version: CriteriaVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        others = self.version.items.exclude(pk=self.instance.pk)
        if others.filter(number=number).exists():
            raise forms.ValidationError(_("This version already has an item with this number."))
        return number


class RulesForm(forms.Form):
    """The level rule: for each level, the share of points needed and each item's minimum."""

    def __init__(self, *args: Any, version: CriteriaVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(version.items.all())
        rules = {r.level: r for r in version.rules.prefetch_related("requirements__item")}
        self.rows: list[tuple[Any, str, list[tuple[CriterionItem, str]]]] = []
        for level in LEVELS:
            rule = rules.get(level.value)
            needs = {r.item.number: r.min_points for r in rule.requirements.all()} if rule else {}
            share = f"share_{level.value}"
            self.fields[share] = forms.DecimalField(
                label=_("%(level)s: share of points needed (%%)") % {"level": level.label},
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                initial=rule.min_share if rule else None,
            )
            cells = []
            for item in self.items:
                name = f"need_{level.value}_{item.number}"
                self.fields[name] = forms.TypedChoiceField(
                    label=_("%(level)s: item %(item)s at least")
                    % {"level": level.label, "item": item.number},
                    choices=[("", "—"), *[(p, str(p)) for p in range(1, item.max_points + 1)]],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=needs.get(item.number),
                )
                cells.append((item, name))
            self.rows.append((level, share, cells))

    def shares(self) -> dict[int, Decimal]:
        return {lv.value: self.cleaned_data[f"share_{lv.value}"] for lv in LEVELS}

    def requirements(self) -> dict[int, dict[int, int]]:
        found: dict[int, dict[int, int]] = {}
        for level in LEVELS:
            for item in self.items:
                value = self.cleaned_data.get(f"need_{level.value}_{item.number}")
                if value is not None:
                    found.setdefault(level.value, {})[item.number] = value
        return found

    def bound_rows(self) -> list[tuple[Any, Any, list[tuple[CriterionItem, Any]]]]:
        return [
            (level, self[share], [(item, self[name]) for item, name in cells])
            for level, share, cells in self.rows
        ]


class CommunityForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name_th", "name_en", "subdistrict"]

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        ).select_related("district")


class RoundForm(forms.ModelForm):
    self_deadline = ThaiDateField(label=_("Self-assessment deadline"))
    verify_deadline = ThaiDateField(label=_("Verification deadline"))

    class Meta:
        model = Round
        fields = ["name", "fiscal_year", "self_deadline", "verify_deadline"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].min_value = FIRST_FISCAL_YEAR  # type: ignore[attr-defined]
        self.fields["fiscal_year"].max_value = LAST_FISCAL_YEAR  # type: ignore[attr-defined]
        published = CriteriaVersion.objects.filter(status=VersionStatus.PUBLISHED)
        current = {}
        if self.instance.pk:
            current = dict(self.instance.criteria.values_list("unit_type", "version_id"))
        for unit_type in UnitType:
            self.fields[f"version_{unit_type.value}"] = forms.ModelChoiceField(
                published.filter(unit_type=unit_type.value),
                required=False,
                label=_("Criteria for %(type)s") % {"type": unit_type.label},
                empty_label=_("Not assessed in this round"),
                initial=current.get(unit_type.value),
            )

    def versions(self) -> dict[str, CriteriaVersion]:
        return {
            t.value: self.cleaned_data[f"version_{t.value}"]
            for t in UnitType
            if self.cleaned_data.get(f"version_{t.value}")
        }

    def round_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AssignmentForm(forms.Form):
    evaluator = forms.ModelChoiceField(User.objects.none(), label=_("Evaluator"))
    network = forms.ModelChoiceField(Network.objects.none(), required=False, label=_("Network"))
    district = forms.ModelChoiceField(District.objects.none(), required=False, label=_("District"))
    partner = forms.ModelChoiceField(
        Partner.objects.none(),
        required=False,
        label=_("For the partner"),
        help_text=_("The university or agency the evaluator verifies for, if any."),
    )

    def __init__(self, *args: Any, rnd: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = rnd.province_id
        self.fields["evaluator"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            roles__kind=RoleKind.EVALUATOR, roles__province_id=province
        ).distinct()
        self.fields["network"].queryset = Network.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        )
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        )
        self.fields["partner"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        ).order_by("sort_key", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("network")) == bool(data.get("district")):
            raise forms.ValidationError(_("Choose either a network or a district."))
        return data


class EvidenceForm(forms.Form):
    item = forms.IntegerField(label=_("Item"), min_value=1)
    file = forms.FileField(label=_("File or photo"), required=False)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
