"""API for meetings, their actions, partners and MOUs: read-only, with the pages' access rules."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, serializers, viewsets

from moralprovince.api.checks import province_param
from moralprovince.core.files import url_for
from moralprovince.partnerships.access import (
    actions_visible_to,
    can,
    meetings_visible_to,
    mous_visible_to,
    partners_visible_to,
)
from moralprovince.partnerships.models import ActionItem, Meeting, Mou, MouParty, Participant
from moralprovince.people.models import Partner


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    kind = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "name",
            "kind",
            "person",
            "organisation",
            "partner",
            "role",
            "invited",
            "attended",
            "contact",
        ]

    def get_kind(self, row: Participant) -> str:
        return "person" if row.person_id else "organisation" if row.organisation_id else "partner"

    def get_contact(self, row: Participant) -> dict[str, str] | None:
        """A person's phone and e-mail, for the province's admins only."""
        if row.person is None or not self.context.get("show_contacts"):
            return None
        return {"phone": row.person.phone, "email": row.person.email}


class ActionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="decision.meeting_id", read_only=True)
    owner = serializers.CharField(source="owner.__str__", read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "decision",
            "title",
            "owner",
            "owner_network",
            "owner_organisation",
            "owner_person",
            "due_on",
            "status",
            "notes",
            "closed_at",
            "closed_on",
            "is_sample",
        ]


class MeetingListSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "province",
            "title",
            "number",
            "body",
            "network",
            "held_on",
            "starts_at",
            "ends_at",
            "place",
            "chair",
            "news_post",
            "is_sample",
        ]


class MeetingSerializer(MeetingListSerializer):
    agenda = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()

    class Meta(MeetingListSerializer.Meta):
        fields = [
            *MeetingListSerializer.Meta.fields,
            "minutes",
            "agenda",
            "decisions",
            "participants",
        ]

    def get_agenda(self, row: Meeting) -> list[dict[str, Any]]:
        return [
            {
                "number": a.number,
                "title": a.title,
                "notes": a.notes,
                "carried_action": a.carried_action_id,
            }
            for a in row.agenda.all()
        ]

    def get_decisions(self, row: Meeting) -> list[dict[str, Any]]:
        return [
            {
                "id": d.pk,
                "number": d.number,
                "text": d.text,
                "actions": [a.pk for a in d.actions.all()],
            }
            for d in row.decisions.all()
        ]

    def get_participants(self, row: Meeting) -> list[dict[str, Any]]:
        context = {
            "show_contacts": can(self.context["request"].user, "partnerships.contacts.view", row)
        }
        rows = row.participants.select_related("person", "organisation", "partner")
        return list(ParticipantSerializer(rows, many=True, context=context).data)


class PartnerSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id", read_only=True)

    class Meta:
        model = Partner
        fields = [
            "id",
            "province",
            "name_th",
            "name_en",
            "kind",
            "does_research",
            "does_evaluation",
            "does_training",
            "does_funding",
            "website",
            "is_public",
            "is_sample",
        ]


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = MouParty
        fields = ["partner", "signatory", "commitments"]


class MouSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id", read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    document = serializers.SerializerMethodField()

    class Meta:
        model = Mou
        fields = [
            "id",
            "province",
            "title",
            "signed_on",
            "starts_on",
            "ends_on",
            "scope",
            "province_commitments",
            "province_signatory",
            "parties",
            "document",
            "is_sample",
        ]

    def get_document(self, row: Mou) -> str:
        """The address of the signed document through the API's files view, or ""."""
        return url_for(row, "api-file")


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail only; `?province=84` narrows a list to one province."""

    def by_province(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        code = province_param(self.request.query_params)
        return rows.filter(province_id=code) if code else rows


class MeetingViewSet(ReadOnly):
    def get_serializer_class(self) -> Any:
        return MeetingListSerializer if self.action == "list" else MeetingSerializer

    def get_queryset(self) -> QuerySet[Any]:
        rows = meetings_visible_to(self.request.user).prefetch_related(
            "agenda", Prefetch("decisions__actions", queryset=ActionItem.objects.order_by("pk"))
        )
        return self.by_province(rows).order_by("-held_on", "-pk")


class ActionViewSet(ReadOnly):
    serializer_class = ActionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return self.by_province(actions_visible_to(self.request.user)).order_by("due_on", "pk")


class PartnerViewSet(ReadOnly):
    serializer_class = PartnerSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return self.by_province(partners_visible_to(self.request.user)).order_by("name_th", "pk")


class MouViewSet(ReadOnly):
    serializer_class = MouSerializer

    def get_queryset(self) -> QuerySet[Any]:
        rows = mous_visible_to(self.request.user).prefetch_related("parties")
        return self.by_province(rows).order_by("-starts_on", "-pk")
