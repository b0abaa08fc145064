"""Training and the trainers' register through the API: read-only, with the pages' rules.

Rows of a province are listed to the people with a role in it; phone numbers and e-mail
addresses only to the province's staff, as on the pages.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets

from moralprovince.api.checks import province_param
from moralprovince.people import access, queries
from moralprovince.people.models import (
    Attendance,
    Batch,
    Course,
    Enrolment,
    Trainer,
)


class CourseSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser_label")
    topics = serializers.ListField(source="topic_list", child=serializers.CharField())

    class Meta:
        model = Course
        fields = [
            "id",
            "province",
            "title",
            "organiser",
            "funder",
            "target_group",
            "topics",
            "hours",
            "min_hours",
            "test_max_score",
            "min_post_score",
            "is_trainer_course",
            "is_sample",
        ]


class BatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = Batch
        fields = ["id", "course", "province", "name", "starts_on", "ends_on", "venue", "venue_name"]


class EnrolmentSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name_th")
    sex = serializers.CharField(source="person.sex")
    attended_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    completed = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "batch",
            "person",
            "person_name",
            "sex",
            "source",
            "pre_score",
            "post_score",
            "attended_hours",
            "completed",
        ]

    def get_completed(self, enrolment: Any) -> bool:
        course = enrolment.batch.course
        post = enrolment.post_score
        return bool(
            enrolment.attended_hours >= course.min_hours
            and post is not None
            and post >= course.min_post_score
        )


class AttendanceSerializer(serializers.ModelSerializer):
    batch = serializers.IntegerField(source="session.batch_id")
    date = serializers.DateField(source="session.date")
    hours = serializers.DecimalField(source="session.hours", max_digits=6, decimal_places=2)

    class Meta:
        model = Attendance
        fields = ["id", "session", "enrolment", "batch", "date", "hours"]


class TrainerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name_th")
    organisation = serializers.CharField(source="person.organisation_label")
    topics = serializers.ListField(source="topic_list", child=serializers.CharField())
    districts = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    class Meta:
        model = Trainer
        fields = [
            "id",
            "province",
            "person",
            "name",
            "organisation",
            "topics",
            "districts",
            "source",
            "is_public",
            "phone",
            "email",
        ]

    def get_districts(self, trainer: Trainer) -> list[str]:
        return [d.code for d in trainer.districts.all()]

    def _contact(self, trainer: Trainer, name: str) -> str | None:
        """A contact detail, to the province's staff only (null to anyone else)."""
        actor = self.context["request"].user
        if not access.can(actor, "people.contacts", trainer):
            return None
        return str(getattr(trainer.person, name))

    def get_phone(self, trainer: Trainer) -> str | None:
        return self._contact(trainer, "phone")

    def get_email(self, trainer: Trainer) -> str | None:
        return self._contact(trainer, "email")


class ProvinceFiltered(viewsets.ReadOnlyModelViewSet):
    """Lists narrowed by `?province=84`; a malformed code is a 400 naming the parameter."""

    province_field = "province_id"

    def narrowed(self, qs: Any) -> Any:
        code = province_param(self.request.query_params)
        return qs.filter(**{self.province_field: code}) if code else qs


class CourseViewSet(ProvinceFiltered):
    serializer_class = CourseSerializer

    def get_queryset(self) -> Any:
        return self.narrowed(access.courses_visible_to(self.request.user)).order_by("pk")


class BatchViewSet(ProvinceFiltered):
    serializer_class = BatchSerializer

    def get_queryset(self) -> Any:
        return self.narrowed(access.batches_visible_to(self.request.user)).order_by("pk")


class EnrolmentViewSet(ProvinceFiltered):
    serializer_class = EnrolmentSerializer
    province_field = "batch__province_id"

    def get_queryset(self) -> Any:
        rows = access.enrolments_visible_to(self.request.user).select_related("batch__course")
        return queries.with_hours(self.narrowed(rows)).order_by("pk")


class AttendanceViewSet(ProvinceFiltered):
    serializer_class = AttendanceSerializer
    province_field = "session__batch__province_id"

    def get_queryset(self) -> Any:
        return self.narrowed(access.attendance_visible_to(self.request.user)).order_by("pk")


class TrainerViewSet(ProvinceFiltered):
    serializer_class = TrainerSerializer

    def get_queryset(self) -> Any:
        rows = access.trainers_visible_to(self.request.user).prefetch_related("districts")
        return self.narrowed(rows).order_by("pk")
