"""Certificates through the API: anyone verifies one by its code; the province's staff list
theirs. The same access rules and the same facts as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from moralprovince.api.checks import fiscal_year_param, province_param, text_param
from moralprovince.certificates.access import certificates_visible_to
from moralprovince.certificates.models import Certificate, normalise_code


class VerificationSerializer(serializers.ModelSerializer):
    """What the paper shows, and whether it still stands: nothing else about the holder."""

    province = serializers.CharField(source="province_id")
    province_name = serializers.CharField(source="province.name_th")
    standing = serializers.BooleanField(source="is_standing")
    revoked_on = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "code",
            "holder_name",
            "title_lines",
            "level_label",
            "fiscal_year",
            "province",
            "province_name",
            "issued_on",
            "standing",
            "revoked_on",
        ]

    def get_revoked_on(self, certificate: Certificate) -> str | None:
        revoked = certificate.revoked_at
        return timezone.localdate(revoked).isoformat() if revoked else None


class CertificateSerializer(VerificationSerializer):
    class Meta(VerificationSerializer.Meta):
        fields = ["id", "kind", "object_id", *VerificationSerializer.Meta.fields]


class VerifyView(APIView):
    # Anyone holding a certificate's code may check it, as on the public page.
    permission_classes = [AllowAny]

    @extend_schema(responses=VerificationSerializer)
    def get(self, request: Request, code: str) -> Response:
        normal = normalise_code(code)
        certificate = (
            Certificate.objects.select_related("province").filter(code=normal).first()
            if normal
            else None
        )
        if certificate is None:
            raise exceptions.NotFound(_("No certificate has this code."))
        return Response(VerificationSerializer(certificate).data)


class CertificateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The certificates of the provinces the person reads as a whole."""

    serializer_class = CertificateSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="Two-digit province code, e.g. 84"),
            OpenApiParameter("kind", str, description="assessment, training, …"),
            OpenApiParameter("fiscal_year", int, description="Buddhist Era, e.g. 2564"),
            OpenApiParameter("revoked", bool, description="true: revoked only; false: standing"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Certificate]:
        params = self.request.query_params
        rows = certificates_visible_to(self.request.user).select_related("province")
        province = province_param(params)
        if province:
            rows = rows.filter(province_id=province)
        kind = text_param(params, "kind")
        if kind:
            rows = rows.filter(kind=kind)
        year = fiscal_year_param(params)
        if year:
            rows = rows.filter(fiscal_year=year)
        revoked = params.get("revoked")
        if revoked in ("true", "1"):
            rows = rows.filter(revoked_at__isnull=False)
        elif revoked in ("false", "0"):
            rows = rows.filter(revoked_at__isnull=True)
        elif revoked:
            raise exceptions.ValidationError({"revoked": [_("Write true or false.")]})
        return rows.order_by("-issued_on", "-pk")
