from __future__ import annotations

from typing import Any

from rest_framework import serializers

from moralprovince.geo.models import Province, Subdistrict
from moralprovince.organisations.models import (
    Network,
    Organisation,
    OrganisationType,
    Programme,
    ProgrammeYear,
)


class ProgrammeYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeYear
        fields = ["fiscal_year", "year_number", "theme"]


class ProgrammeSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    province_name_th = serializers.CharField(source="province.name_th", read_only=True)
    province_name_en = serializers.CharField(source="province.name_en", read_only=True)
    years = ProgrammeYearSerializer(many=True, read_only=True)
    secretariat = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )

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
            "years",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["province"].read_only = True


class NetworkSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    chair = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    secretariat = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )

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
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    subdistrict = serializers.SlugRelatedField(
        slug_field="code", queryset=Subdistrict.objects.all()
    )
    district = serializers.CharField(source="subdistrict.district_id", read_only=True)
    kind = serializers.SlugRelatedField(slug_field="code", queryset=OrganisationType.objects.all())
    networks = serializers.SerializerMethodField()
    network = serializers.PrimaryKeyRelatedField(
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
