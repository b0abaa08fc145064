"""Reads shared by the pages, the API, the monitoring sources and the services: completion,
completers, the trainers' search and everything held about a person."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from moralprovince.lib.thaitext import normalise, search_terms
from moralprovince.people.models import (
    ActivityTrainer,
    Batch,
    Enrolment,
    Person,
    Trainer,
    TrainingSession,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=2))


def plain(number: Decimal) -> str:
    """A number as people write it: 20, not 20.00; 12.5, not 12.50."""
    return format(Decimal(number).normalize(), "f")


def match_person(province_id: str, name_th: str) -> Person | None:
    """The province's person of this name (spaces, case and digits folded), if any: a
    second sign-in or enrolment of the same person is matched, not doubled."""
    wanted = normalise(name_th)
    if not wanted:
        return None
    for candidate in Person.objects.filter(province_id=province_id, erased_at__isnull=True):
        if normalise(candidate.name_th) == wanted:
            return candidate
    return None


def with_hours(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments with `attended_hours`: the hours of the sessions each attended."""
    return enrolments.annotate(attended_hours=Coalesce(Sum("attendances__session__hours"), ZERO))


def completed_q(prefix: str = "") -> Q:
    """Enrolments (annotated by `with_hours`) that meet their course's completion rule."""
    course = f"{prefix}batch__course__"
    return Q(attended_hours__gte=F(f"{course}min_hours")) & Q(
        **{f"{prefix}post_score__gte": F(f"{course}min_post_score")}
    )


def completers(batch: Batch) -> QuerySet[Enrolment]:
    """The enrolments of a batch whose person completed it: enough hours attended and a
    post-test score at least the course's pass mark."""
    return (
        with_hours(Enrolment.objects.filter(batch=batch))
        .filter(completed_q())
        .select_related("person__organisation", "batch__course")
        .order_by("person__sort_key", "pk")
    )


def batch_completers(batch: Batch) -> list[Person]:
    """The people who completed a batch: what a certificate is issued to."""
    return [enrolment.person for enrolment in completers(batch)]


def batch_rows(batch: Batch) -> list[dict[str, Any]]:
    """Each enrolment of a batch with its attendance per session, hours and completion."""
    course = batch.course
    sessions = list(batch.sessions.all())
    attended = set(
        batch.sessions.filter(attendances__isnull=False).values_list(
            "attendances__enrolment_id", "pk"
        )
    )
    rows = []
    for enrolment in with_hours(batch.enrolments.select_related("person")).order_by(
        "person__sort_key", "pk"
    ):
        hours = enrolment.attended_hours  # type: ignore[attr-defined]
        post = enrolment.post_score
        rows.append(
            {
                "enrolment": enrolment,
                "sessions": [(s, (enrolment.pk, s.pk) in attended) for s in sessions],
                "hours": hours,
                "completed": hours >= course.min_hours
                and post is not None
                and post >= course.min_post_score,
            }
        )
    return rows


def filter_trainers(
    qs: QuerySet[Trainer], *, q: str = "", topic: str = "", district: Any = None
) -> QuerySet[Trainer]:
    """Narrow the register by Thai words in name, organisation or topics, a topic, a district.

    Each word of the query (split with the Thai word tokenizer) must appear in the trainer's
    normalised text; words are matched as substrings so that a word inside a longer compound
    is found.
    """
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    for term in search_terms(topic):
        qs = qs.filter(topics__icontains=term)
    if district is not None:
        qs = qs.filter(districts=district)
    return qs.distinct()


def sessions_led(someone: Person) -> QuerySet[TrainingSession]:
    return someone.sessions_led.select_related("batch__course").order_by("-date")


def activities_of(trainer: Trainer) -> QuerySet[ActivityTrainer]:
    return trainer.activity_links.select_related("activity__plan").order_by("-picked_at")


def person_data(someone: Person) -> dict[str, Any]:
    """Everything held about one person, for the PDPA export."""
    enrolments = with_hours(someone.enrolments.select_related("batch__course"))
    data: dict[str, Any] = {
        "person": {
            "id": someone.pk,
            "province": someone.province_id,
            "name_th": someone.name_th,
            "name_en": someone.name_en,
            "sex": someone.sex,
            "position": someone.position,
            "organisation": someone.organisation_label,
            "phone": someone.phone,
            "email": someone.email,
            "consent_purpose": someone.consent_purpose,
            "consent_at": _iso(someone.consent_at),
            "erased_at": _iso(someone.erased_at),
            "created_at": _iso(someone.created_at),
        },
        "enrolments": [_enrolment_data(e) for e in enrolments],
        "sessions_led": [
            {"batch": str(s.batch), "date": s.date.isoformat(), "topic": s.topic}
            for s in sessions_led(someone)
        ],
        "trainer": None,
    }
    trainer = Trainer.objects.filter(person=someone).first()
    if trainer:
        data["trainer"] = {
            "topics": trainer.topic_list,
            "districts": [d.name_th for d in trainer.districts.all()],
            "is_public": trainer.is_public,
            "source": trainer.source,
            "activities": [link.activity.title for link in activities_of(trainer)],
        }
    return data


def _enrolment_data(enrolment: Any) -> dict[str, Any]:
    batch = enrolment.batch
    return {
        "course": batch.course.title,
        "batch": batch.name,
        "starts_on": batch.starts_on.isoformat(),
        "ends_on": batch.ends_on.isoformat(),
        "purpose": enrolment.purpose,
        "consent_at": _iso(enrolment.consent_at),
        "source": enrolment.source,
        "sessions_attended": [
            a.session.date.isoformat() + " " + a.session.topic
            for a in enrolment.attendances.select_related("session")
        ],
        "hours_attended": plain(enrolment.attended_hours),
        "pre_score": _str(enrolment.pre_score),
        "post_score": _str(enrolment.post_score),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _str(value: Any) -> str | None:
    return None if value is None else plain(value)


def public_trainers(_actor: Any, code: str) -> list[dict[str, Any]]:
    """The trainers a province lists on its public page: only those who chose it, and only
    their name, topics and organisation."""
    rows = Trainer.objects.filter(
        province_id=code, is_public=True, person__erased_at__isnull=True
    ).select_related("person__organisation")
    return [
        {
            "name": t.person.name_th,
            "topics": t.topic_list,
            "organisation": t.person.organisation_label,
        }
        for t in rows.order_by("person__sort_key", "pk")[:100]
    ]
