from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from moralprovince.api.checks import MAX_ID, whole_number
from moralprovince.core.files import url_for
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.organisations.models import (
    Network,
    Organisation,
    OrganisationType,
    Programme,
    ProgrammeYear,
)


class CodeField(serializers.SlugRelatedField):
    """A row named by its code, with messages in the caller's language.

    Only text (or a whole number, for numeric codes) is looked up: a NUL byte, a list or an
    object never reaches the database, where some of them fail instead of matching nothing.
    """

    default_error_messages = {
        "does_not_exist": _("Nothing found with the code {value}."),
        "invalid": _("Invalid value."),
    }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, (str, int)):
            self.fail("invalid")
        text = str(data)
        if "\x00" in text or len(text) > 100:
            self.fail("invalid")
        return super().to_internal_value(text)


class IdField(serializers.PrimaryKeyRelatedField):
    """A row named by its id; rows outside the caller's scope are simply not found.

    An id is a whole number from 1 to 2⁶³−1, or such a number written as text; a fraction,
    true or false is not read as the row with that number.
    """

    default_error_messages = {
        "does_not_exist": _("Nothing found with the id {pk_value}."),
        "incorrect_type": _("Expected an id (a whole number)."),
        "required": _("This field is required."),
        "null": _("This field may not be null."),
    }

    def to_internal_value(self, data: Any) -> Any:
        value = whole_number(data)
        if value is None or not 1 <= value <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(value)


class StrictCharField(serializers.CharField):
    """Text only: a number, a list or an object sent where words belong is refused."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class ReviewCommentSerializer(serializers.Serializer):
    """The body of a review step that says why: returning or revising."""

    comment = StrictCharField(required=False, allow_blank=True, max_length=5000, default="")


class StoredFileField(serializers.FileField):
    """A stored file, given as the address of the API's files view (which checks who may get
    it, and opens with the same token), never as its place in storage."""

    def to_representation(self, value: Any) -> str | None:
        address = url_for(value.instance, "api-file") if value else ""
        if not address:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(address) if request is not None else address


# For model serializers with a file field: `serializer_field_mapping = FILE_FIELDS`.
FILE_FIELDS = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.FileField: StoredFileField,
}


class ProgrammeYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeYear
        fields = ["fiscal_year", "year_number", "theme"]


class ProgrammeSerializer(serializers.ModelSerializer):
    province = CodeField(slug_field="code", queryset=Province.objects.all())
    province_name_th = serializers.CharField(source="province.name_th", read_only=True)
    province_name_en = serializers.CharField(source="province.name_en", read_only=True)
    years = ProgrammeYearSerializer(many=True, read_only=True)
    secretariat = IdField(queryset=Organisation.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Programme
        fields = [
            "province",
            "province_name_th",
            "province_name_en",
            "name_th",
            "name_en",
            "description",
            "secretariat",
            "is_public",
            "one_person_secretariat",
            "years",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["province"].read_only = True


class NetworkSerializer(serializers.ModelSerializer):
    province = CodeField(slug_field="code", queryset=Province.objects.all())
    chair = IdField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    secretariat = IdField(queryset=Organisation.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Network
        fields = [
            "id",
            "province",
            "number",
            "name_th",
            "name_en",
            "description",
            "chair",
            "secretariat",
        ]
        # Uniqueness is checked by the service, inside its transaction.
        validators: list[Any] = []


class OrganisationSerializer(serializers.ModelSerializer):
    province = CodeField(slug_field="code", queryset=Province.objects.all())
    subdistrict = CodeField(slug_field="code", queryset=Subdistrict.objects.all())
    district = serializers.CharField(source="subdistrict.district_id", read_only=True)
    kind = CodeField(slug_field="code", queryset=OrganisationType.objects.all())
    networks = serializers.SerializerMethodField()
    network = IdField(
        queryset=Network.objects.all(),
        write_only=True,
        required=False,
        help_text="On create: the network the new organisation joins (required for coordinators).",
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "province",
            "subdistrict",
            "district",
            "kind",
            "name_th",
            "name_en",
            "address",
            "phone",
            "email",
            "website",
            "is_sample",
            "networks",
            "network",
        ]
        read_only_fields = ["is_sample"]

    def get_networks(self, obj: Organisation) -> list[int]:
        return [m.network_id for m in obj.memberships.all()]
