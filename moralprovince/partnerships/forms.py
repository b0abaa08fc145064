"""The forms of meetings, actions, partners and MOUs; each offers only the province's rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from moralprovince.core.fields import ThaiDateField
from moralprovince.core.files import StoredFileInput
from moralprovince.knowledge.models import NewsPost
from moralprovince.organisations.models import Network, Organisation
from moralprovince.partnerships.models import ActionItem, ActionStatus, Meeting, Mou, MouParty
from moralprovince.partnerships.services import (
    ActionInput,
    MeetingInput,
    MouInput,
    ParticipantInput,
    PartnerInput,
    PartyInput,
    owner_errors,
)
from moralprovince.people.models import Partner, Person


class MeetingForm(forms.ModelForm):
    held_on = ThaiDateField(label=_("date"))

    class Meta:
        model = Meeting
        fields = MeetingInput.names()
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, province_id: str, networks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
        self.fields["chair"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id, erased_at=None
        )
        self.fields["news_post"].queryset = NewsPost.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )

    def _post_clean(self) -> None:
        # The service cleans the minutes, checks the province and validates the row.
        pass

    def to_input(self) -> MeetingInput:
        return MeetingInput.from_data(self.cleaned_data)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("agenda item"), max_length=300)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("person"), queryset=Person.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none(), required=False
    )
    partner = forms.ModelChoiceField(
        label=pgettext_lazy("institution", "partner"),
        queryset=Partner.objects.none(),
        required=False,
    )
    role = forms.CharField(label=_("role in the meeting"), max_length=200, required=False)
    invited = forms.BooleanField(label=_("invited"), required=False, initial=True)
    attended = forms.BooleanField(label=_("attended"), required=False)

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id, erased_at=None
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )
        self.fields["partner"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [n for n in ("person", "organisation", "partner") if data.get(n)]
        if len(given) != 1:
            raise forms.ValidationError(_("Choose one person, one organisation or one partner."))
        return data

    def to_input(self) -> ParticipantInput:
        return ParticipantInput.from_data(self.cleaned_data)


class ActionForm(forms.ModelForm):
    due_on = ThaiDateField(label=_("due date"))

    class Meta:
        model = ActionItem
        fields = ActionInput.names()
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_network"].queryset = Network.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )
        self.fields["owner_person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id, erased_at=None
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for name, message in owner_errors(ActionInput.from_data(data)).items():
                self.add_error(name, message)
        return data

    def _post_clean(self) -> None:
        # The service checks the row (its owner, its province) and saves it; the model form
        # must not validate a half-filled instance first.
        pass

    def to_input(self) -> ActionInput:
        return ActionInput.from_data(self.cleaned_data)


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionStatus.choices)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttendanceForm(forms.Form):
    file = forms.FileField(
        label=_("sign-in sheet"),
        help_text=_(
            "Excel (.xlsx) or CSV, one person a row, with a heading row: ชื่อ-สกุล (required), "
            "ตำแหน่ง, หน่วยงาน, โทรศัพท์, อีเมล, เพศ, วันที่."
        ),
    )


class BoardFilterForm(forms.Form):
    OWNERS = [
        ("", _("every owner")),
        ("network", _("networks")),
        ("organisation", _("organisations")),
        ("person", _("people")),
    ]
    owner = forms.ChoiceField(label=_("owner"), choices=OWNERS, required=False)
    network = forms.ModelChoiceField(
        label=_("network"), queryset=Network.objects.none(), required=False
    )

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = PartnerInput.names()

    def _post_clean(self) -> None:
        # The service validates and saves the row, with its province.
        pass

    def to_input(self) -> PartnerInput:
        return PartnerInput.from_data(self.cleaned_data)


class MouForm(forms.ModelForm):
    signed_on = ThaiDateField(label=_("signing date"), required=False)
    starts_on = ThaiDateField(label=_("start"))
    ends_on = ThaiDateField(label=_("end"))
    document = forms.FileField(
        label=_("signed document"),
        required=False,
        widget=StoredFileInput,
        help_text=_("PDF, JPEG or PNG, up to 10 MB."),
    )

    class Meta:
        model = Mou
        fields = [*MouInput.names(), "document"]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 4}),
            "province_commitments": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The MOU cannot end before it starts."))
        return data

    def _post_clean(self) -> None:
        # The service validates, stores the document and saves.
        pass

    def to_input(self) -> MouInput:
        return MouInput.from_data(self.cleaned_data)


class PartyForm(forms.ModelForm):
    class Meta:
        model = MouParty
        fields = PartyInput.names()
        widgets = {"commitments": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            province_id=province_id
        )

    def _post_clean(self) -> None:
        pass

    def to_input(self) -> PartyInput:
        return PartyInput.from_data(self.cleaned_data)
