"""The JSON API: the same access helpers and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, viewsets
from rest_framework.settings import api_settings

from moralprovince.api import serializers
from moralprovince.api.checks import id_param, province_param, text_param
from moralprovince.organisations import services
from moralprovince.organisations.access import (
    get_network_for_user,
    get_organisation_for_user,
    get_programme_for_user,
    networks_editable_by,
    networks_visible_to,
    organisations_visible_to,
    programmes_visible_to,
    provinces_administered_by,
    provinces_open_for_new_organisations,
)
from moralprovince.organisations.models import Membership
from moralprovince.organisations.queries import filter_directory


def call_service(write: Any) -> Any:
    """Run a service and answer its refusals as API errors (400 naming the field, or 403)."""
    try:
        return write()
    except ValidationError as error:
        # A refusal of the whole request is keyed like a serializer's, so that every 400
        # body is an object (the schema's `FieldErrors`).
        detail = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
        )
        raise exceptions.ValidationError(detail) from None
    except PermissionDenied:
        raise exceptions.PermissionDenied from None


def review_comment(request: Any) -> str:
    """The comment sent with a review step (return, revise), checked: text of at most
    5,000 characters with no NUL byte, in a JSON object; otherwise a 400 naming it."""
    body = serializers.ReviewCommentSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    return str(body.validated_data["comment"])


class ScopedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, detail, create and update; no delete through the API."""

    def scoped_serializer(self, serializer: Any) -> Any:
        """Limit the serializer's related fields to rows the person may see."""
        user = self.request.user
        visible_orgs = organisations_visible_to(user)
        for name in ("chair", "secretariat"):
            if name in serializer.fields:
                serializer.fields[name].queryset = visible_orgs  # type: ignore[attr-defined]
        return serializer

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer = super().get_serializer(*args, **kwargs)
        # Lists are read-only; only a single object's fields take input.
        return serializer if kwargs.get("many") else self.scoped_serializer(serializer)


class ProgrammeViewSet(ScopedViewSet):
    serializer_class = serializers.ProgrammeSerializer
    lookup_field = "province"
    lookup_value_regex = "[0-9]{2}"

    def get_queryset(self) -> QuerySet[Any]:
        return programmes_visible_to(self.request.user).prefetch_related("years")

    def get_object(self) -> Any:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_programme_for_user(self.request.user, self.kwargs["province"], write=write)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_programme(
                actor=self.request.user,
                province=data["province"],
                data=services.ProgrammeInput.from_data(data),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        call_service(
            lambda: services.update_programme(
                actor=self.request.user,
                programme=serializer.instance,
                data=services.ProgrammeInput.from_row(
                    serializer.instance, **serializer.validated_data
                ),
            )
        )


class NetworkViewSet(ScopedViewSet):
    serializer_class = serializers.NetworkSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = networks_visible_to(self.request.user)
        province = province_param(self.request.query_params)
        return qs.filter(province_id=province) if province else qs

    def get_object(self) -> Any:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_network_for_user(self.request.user, self.kwargs["pk"], write=write)

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer = super().scoped_serializer(serializer)
        if "province" in serializer.fields:
            serializer.fields["province"].queryset = provinces_administered_by(self.request.user)  # type: ignore[attr-defined]
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            lambda: services.create_network(
                actor=self.request.user,
                province=data["province"],
                data=services.NetworkInput.from_data(data),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        if data.pop("province", serializer.instance.province) != serializer.instance.province:
            raise exceptions.ValidationError(
                {"province": [_("A network cannot move to another province.")]}
            )
        call_service(
            lambda: services.update_network(
                actor=self.request.user,
                network=serializer.instance,
                data=services.NetworkInput.from_row(serializer.instance, **data),
            )
        )


class OrganisationViewSet(ScopedViewSet):
    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = organisations_visible_to(self.request.user).prefetch_related(
            Prefetch(
                "memberships", queryset=Membership.objects.only("network_id", "organisation_id")
            )
        )
        params = self.request.query_params
        qs = filter_directory(qs, q=text_param(params, "q"), network=_int_param(params, "network"))
        province = province_param(params)
        if province:
            qs = qs.filter(province_id=province)
        kind = text_param(params, "kind")
        if kind:
            qs = qs.filter(kind__code=kind)
        return qs

    def get_object(self) -> Any:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_organisation_for_user(self.request.user, self.kwargs["pk"], write=write)

    def scoped_serializer(self, serializer: Any) -> Any:
        serializer = super().scoped_serializer(serializer)
        fields = serializer.fields
        if "network" in fields:
            fields["network"].queryset = networks_editable_by(self.request.user)  # type: ignore[attr-defined]
        if "province" in fields:
            fields["province"].queryset = provinces_open_for_new_organisations(self.request.user)  # type: ignore[attr-defined]
        return serializer

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        network = data.pop("network", None)
        province = data.pop("province")
        serializer.instance = call_service(
            lambda: services.create_organisation(
                actor=self.request.user,
                province=province,
                data=services.OrganisationInput.from_data(data),
                network=network,
            )
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("network", None)
        if data.pop("province", serializer.instance.province) != serializer.instance.province:
            raise exceptions.ValidationError(
                {"province": [_("An organisation cannot move to another province.")]}
            )
        call_service(
            lambda: services.update_organisation(
                actor=self.request.user,
                organisation=serializer.instance,
                data=services.OrganisationInput.from_row(serializer.instance, **data),
            )
        )


def _int_param(params: Any, name: str) -> int | None:
    """A row id from the query string (None when absent); anything else is a 400."""
    return id_param(params, name)
