"""Writes to courses, batches, enrolments, results and the trainers' register, each checked
and recorded in the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, NotAllowed, person
from moralprovince.audit.services import log_action, snapshot, stored_snapshot
from moralprovince.core.inputs import Input, assign, assign_many
from moralprovince.geo.models import District, Province, Subdistrict
from moralprovince.organisations.models import Organisation
from moralprovince.people import access, queries
from moralprovince.people.models import (
    ActivityTrainer,
    Attendance,
    Batch,
    Course,
    Enrolment,
    EnrolmentSource,
    Partner,
    Person,
    Sex,
    Trainer,
    TrainerSource,
    TrainingSession,
)

ERASED_NAME = "ข้อมูลถูกลบ"


@dataclass(frozen=True)
class CourseInput(Input):
    title: str = ""
    organiser: Partner | None = None
    funder: str = ""
    target_group: str = ""
    topics: str = ""
    hours: Decimal = Decimal(0)
    min_hours: Decimal = Decimal(0)
    test_max_score: Decimal = Decimal(0)
    min_post_score: Decimal = Decimal(0)
    is_trainer_course: bool = False
    is_sample: bool = False


@dataclass(frozen=True)
class BatchInput(Input):
    name: str = ""
    starts_on: Any = None
    ends_on: Any = None
    venue: Subdistrict | None = None
    venue_name: str = ""
    enrol_open: bool = False
    is_sample: bool = False


@dataclass(frozen=True)
class SessionInput(Input):
    date: Any = None
    hours: Decimal = Decimal(0)
    topic: str = ""
    trainer: Person | None = None


@dataclass(frozen=True)
class PersonInput(Input):
    name_th: str = ""
    name_en: str = ""
    sex: str = Sex.OTHER
    position: str = ""
    organisation: Organisation | None = None
    organisation_name: str = ""
    phone: str = ""
    email: str = ""
    is_sample: bool = False


@dataclass(frozen=True)
class TrainerInput(Input):
    topics: str = ""
    districts: list[District] = field(default_factory=list)
    is_public: bool = False


def _in_province(province_id: str, **rows: Any) -> None:
    errors = {
        name: _("This belongs to another province.")
        for name, row in rows.items()
        if row is not None and row.province_id != province_id
    }
    if errors:
        raise ValidationError(errors)


def unnamed(row: Any) -> Any:
    """The row as the audit log names it: a person, their enrolment or trainer record by
    number only. The log is a hash chain that is never rewritten, so a name written there
    could not be erased when the person asks."""
    if isinstance(row, Person):
        return Person(pk=row.pk, province_id=row.province_id, name_th=f"#{row.pk}")
    if isinstance(row, Trainer):
        return Trainer(pk=row.pk, person=unnamed(row.person))
    if isinstance(row, Enrolment):
        return Enrolment(pk=row.pk, person=unnamed(row.person), batch=row.batch)
    return row


def _save(actor: Actor, row: Any, data: Input, action: str, province_id: str) -> None:
    """Assign, check and save a row, and log what changed; an update that changes nothing
    writes nothing."""
    names = data.names()
    before = stored_snapshot(row, names) if row.pk else None
    assign(row, data)
    if before is not None and snapshot(row, names) == before:
        return
    row.full_clean()
    row.save()
    assign_many(row, data)
    log_action(
        actor=actor,
        action=action,
        obj=unnamed(row),
        province_id=province_id,
        before=before,
        after=snapshot(row, names),
    )


# --- courses, batches and sessions ------------------------------------------------------------


def _check_course(course: Course) -> None:
    errors = {}
    if course.min_hours > course.hours:
        errors["min_hours"] = _("The minimum hours attended is more than the course's hours.")
    if course.min_post_score > course.test_max_score:
        errors["min_post_score"] = _("The minimum post-test score is above the highest score.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_course(
    *,
    actor: Actor,
    data: CourseInput,
    course: Course | None = None,
    province: Province | None = None,
) -> Course:
    """Create a course in a province, or change one."""
    course = course or Course(province=province)
    access.require(actor, "people.training.write", course)
    _in_province(course.province_id, organiser=data.organiser)
    assign(course, data)
    _check_course(course)
    _save(actor, course, data, "people.course.saved", course.province_id)
    return course


@transaction.atomic
def save_batch(
    *, actor: Actor, data: BatchInput, batch: Batch | None = None, course: Course | None = None
) -> Batch:
    """Create a batch of a course, or change one."""
    if batch is None:
        assert course is not None
        batch = Batch(course=course, province_id=course.province_id)
    access.require(actor, "people.training.write", batch)
    _in_province(batch.province_id, venue=data.venue)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first day.")})
    _save(actor, batch, data, "people.batch.saved", batch.province_id)
    return batch


@transaction.atomic
def save_session(
    *,
    actor: Actor,
    data: SessionInput,
    session: TrainingSession | None = None,
    batch: Batch | None = None,
) -> TrainingSession:
    """Add a session to a batch, or change one; it falls within the batch's days."""
    session = session or TrainingSession(batch=batch)
    batch = session.batch
    access.require(actor, "people.training.write", batch)
    _in_province(batch.province_id, trainer=data.trainer)
    if data.date and not batch.starts_on <= data.date <= batch.ends_on:
        raise ValidationError({"date": _("The date is outside the batch's days.")})
    if data.hours is not None and data.hours <= 0:
        raise ValidationError({"hours": _("Enter more than zero hours.")})
    _save(actor, session, data, "people.session.saved", batch.province_id)
    return session


# --- enrolment --------------------------------------------------------------------------------


def new_person(actor: Actor, province_id: str, data: PersonInput) -> Person:
    _in_province(province_id, organisation=data.organisation)
    new = Person(province_id=province_id, created_by=person(actor))
    assign(new, data)
    new.refresh_search_text()
    new.full_clean()
    new.save()
    log_action(
        actor=actor,
        action="people.person.created",
        obj=unnamed(new),
        province_id=province_id,
        after={"sex": new.sex},
    )
    return new


def enrol_once(
    actor: Actor, batch: Batch, someone: Person, purpose: str, source: str
) -> tuple[Enrolment, bool]:
    """Enrol a person once; a second enrolment in the same batch is the first one."""
    if not purpose.strip():
        raise ValidationError({"purpose": _("Say what the person's data is kept for.")})
    existing = Enrolment.objects.filter(batch=batch, person=someone).first()
    if existing:
        return existing, False
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        batch=batch, person=someone, purpose=purpose, consent_at=now, source=source
    )
    if not someone.consent_at:
        someone.consent_at, someone.consent_purpose = now, purpose[:300]
        someone.save(update_fields=["consent_at", "consent_purpose"])
    log_action(
        actor=actor,
        action="people.enrolment.created",
        obj=unnamed(enrolment),
        province_id=batch.province_id,
        after={"person": someone.pk, "batch": batch.pk, "purpose": purpose, "source": source},
    )
    return enrolment, True


@transaction.atomic
def enrol_person(
    *, actor: Actor, batch: Batch, data: PersonInput, purpose: str, consent: bool
) -> Enrolment:
    """Enrol a new person in a batch, entered by staff, with their recorded consent."""
    access.require(actor, "people.training.write", batch)
    if not consent:
        raise ValidationError({"consent": _("The person's consent is needed to enrol them.")})
    someone = queries.match_person(batch.province_id, data.name_th) or new_person(
        actor, batch.province_id, data
    )
    return enrol_once(actor, batch, someone, purpose, EnrolmentSource.STAFF)[0]


@transaction.atomic
def enrol_through_link(
    *, actor: Actor, batch: Batch, data: PersonInput, consent: bool
) -> Enrolment:
    """A person enrols themself through the batch's link, while it is open."""
    if not batch.enrol_open:
        raise ValidationError(_("Enrolment in this batch is closed."))
    if not consent:
        raise ValidationError({"consent": _("Enrolling needs your consent.")})
    someone = queries.match_person(batch.province_id, data.name_th) or new_person(
        actor, batch.province_id, data
    )
    return enrol_once(actor, batch, someone, purpose_of(batch), EnrolmentSource.LINK)[0]


def purpose_of(batch: Batch) -> str:
    return _("Training records of %(batch)s: attendance, tests and certificates.") % {
        "batch": batch
    }


# --- attendance and tests ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    pre: Decimal | None
    post: Decimal | None


def check_score(course: Course, value: Decimal | None, field_name: str, who: str) -> None:
    if value is not None and not Decimal(0) <= value <= course.test_max_score:
        raise ValidationError(
            {
                field_name: _("%(who)s: the score %(score)s is outside the test's range 0–%(max)s.")
                % {
                    "who": who,
                    "score": queries.plain(value),
                    "max": queries.plain(course.test_max_score),
                }
            }
        )


@transaction.atomic
def record_results(
    *,
    actor: Actor,
    batch: Batch,
    attended: Iterable[tuple[int, int]],
    scores: dict[int, Scores],
) -> int:
    """Set the batch's attendance (pairs of session and enrolment ids) and test scores.

    Every pair must be of this batch's sessions and enrolments: attendance for a person who
    is not enrolled is refused, as is a score outside the test's range. Returns how many
    rows changed.
    """
    access.require(actor, "people.training.write", batch)
    sessions = set(batch.sessions.values_list("pk", flat=True))
    enrolments = {e.pk: e for e in batch.enrolments.select_related("person")}
    wanted = set(attended)
    for session_id, enrolment_id in wanted:
        if session_id not in sessions:
            raise ValidationError({"session": _("A session is not one of this batch's.")})
        if enrolment_id not in enrolments:
            raise ValidationError(
                {"person": _("Attendance is for a person who is not enrolled in this batch.")}
            )
    changed = _set_attendance(batch, wanted)
    for enrolment_id, given in scores.items():
        if enrolment_id not in enrolments:
            raise ValidationError(
                {"person": _("A score is for a person who is not enrolled in this batch.")}
            )
        changed += set_scores(enrolments[enrolment_id], given)
    if changed:
        log_action(
            actor=actor,
            action="people.results.recorded",
            obj=batch,
            province_id=batch.province_id,
            after={"attendance": len(wanted), "changed": changed},
        )
        sync_trainers(actor=actor, batch=batch)
    return changed


def _set_attendance(batch: Batch, wanted: set[tuple[int, int]]) -> int:
    current = set(
        Attendance.objects.filter(session__batch=batch).values_list("session_id", "enrolment_id")
    )
    gone = current - wanted
    for session_id, enrolment_id in gone:
        Attendance.objects.filter(session_id=session_id, enrolment_id=enrolment_id).delete()
    Attendance.objects.bulk_create(
        [Attendance(session_id=s, enrolment_id=e) for s, e in wanted - current]
    )
    return len(gone) + len(wanted - current)


def set_scores(enrolment: Enrolment, given: Scores) -> int:
    course = enrolment.batch.course
    who = enrolment.person.name_th
    check_score(course, given.pre, "pre_score", who)
    check_score(course, given.post, "post_score", who)
    if (enrolment.pre_score, enrolment.post_score) == (given.pre, given.post):
        return 0
    enrolment.pre_score, enrolment.post_score = given.pre, given.post
    enrolment.save(update_fields=["pre_score", "post_score"])
    return 1


# --- the trainers' register -------------------------------------------------------------------


def sync_trainers(*, actor: Actor, batch: Batch) -> list[Trainer]:
    """Put those who completed a trainer course's batch on the register (once each)."""
    if not batch.course.is_trainer_course:
        return []
    added = []
    for enrolment in queries.completers(batch):
        someone = enrolment.person
        if someone.erased_at or Trainer.objects.filter(person=someone).exists():
            continue
        trainer = Trainer(
            person=someone,
            province_id=someone.province_id,
            topics=batch.course.topics,
            source=TrainerSource.COURSE,
        )
        trainer.refresh_search_text()
        trainer.save()
        log_action(
            actor=actor,
            action="people.trainer.added",
            obj=unnamed(trainer),
            province_id=trainer.province_id,
            after={"person": someone.pk, "source": TrainerSource.COURSE, "batch": batch.pk},
        )
        added.append(trainer)
    return added


@transaction.atomic
def add_trainer(
    *, actor: Actor, province: Province, data: PersonInput, trainer_data: TrainerInput
) -> Trainer:
    """Add a trainer to the province's register by hand (a new person, or one already held)."""
    access.require(actor, "people.trainer.write", province.pk)
    someone = queries.match_person(province.pk, data.name_th) or new_person(
        actor, province.pk, data
    )
    if Trainer.objects.filter(person=someone).exists():
        raise ValidationError({"name_th": _("This person is already on the register.")})
    trainer = Trainer(person=someone, province=province, source=TrainerSource.ADMIN)
    return update_trainer(actor=actor, trainer=trainer, data=trainer_data)


@transaction.atomic
def update_trainer(*, actor: Actor, trainer: Trainer, data: TrainerInput) -> Trainer:
    """Change a trainer's topics, districts served and public listing."""
    access.require(actor, "people.trainer.write", trainer)
    wrong = [d for d in data.districts if d.province_id != trainer.province_id]
    if wrong:
        raise ValidationError({"districts": _("This belongs to another province.")})
    assign(trainer, data)
    trainer.refresh_search_text()
    _save(actor, trainer, data, "people.trainer.saved", trainer.province_id)
    # The search text depends on the person too; keep it current even when nothing changed.
    Trainer.objects.filter(pk=trainer.pk).update(search_text=trainer.search_text)
    return trainer


@transaction.atomic
def pick_trainer(*, actor: Actor, activity: Any, trainer: Trainer, picked: bool = True) -> None:
    """Link a trainer to a key activity (or unlink them)."""
    if not access.picks_for_activity(actor, activity):
        raise NotAllowed("people.trainer.pick")
    if trainer.province_id != activity.province_id:
        raise ValidationError({"trainer": _("This belongs to another province.")})
    if picked:
        _link, created = ActivityTrainer.objects.get_or_create(activity=activity, trainer=trainer)
        if not created:
            return
        action = "people.activity_trainer.picked"
    else:
        gone = ActivityTrainer.objects.filter(activity=activity, trainer=trainer).first()
        if gone is None:
            return
        gone.delete()
        action = "people.activity_trainer.removed"
    log_action(
        actor=actor,
        action=action,
        obj=unnamed(trainer),
        province_id=trainer.province_id,
        after={"activity": activity.pk},
    )


# --- personal data (PDPA) ---------------------------------------------------------------------


def export_person(*, actor: Actor, someone: Person) -> dict[str, Any]:
    """Everything held about one person, as JSON-ready data; the export is audited."""
    access.require(actor, "people.personal_data", someone)
    data = queries.person_data(someone)
    with transaction.atomic():
        log_action(
            actor=actor,
            action="people.person.exported",
            obj=unnamed(someone),
            province_id=someone.province_id,
        )
    return data


@transaction.atomic
def erase_person(*, actor: Actor, someone: Person) -> Person:
    """Erase a person's data: the name replaced, contacts and notes blanked, their sex and
    their attendance and scores kept so that the training figures do not change."""
    access.require(actor, "people.personal_data", someone)
    if someone.erased_at:
        return someone
    someone.name_th = f"{ERASED_NAME} #{someone.pk}"
    someone.name_en = ""
    for name in ("position", "phone", "email", "organisation_name", "consent_purpose"):
        setattr(someone, name, "")
    someone.organisation = None
    someone.erased_at = timezone.now()
    someone.refresh_search_text()
    someone.save()
    ActivityTrainer.objects.filter(trainer__person=someone).delete()
    Trainer.objects.filter(person=someone).delete()
    log_action(
        actor=actor,
        action="people.person.erased",
        obj=unnamed(someone),
        province_id=someone.province_id,
    )
    return someone
