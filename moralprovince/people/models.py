"""People the programme works with who have no account, and its partner institutions.

Trainees, trainers and meeting participants are adults outside an organisation's own staff:
their personal data is held for a recorded purpose with their consent, and can be erased
(the name replaced, the figures kept).
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from moralprovince.core.models import ThaiSorted
from moralprovince.lib.thaitext import normalise


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other / not stated")


class Person(ThaiSorted):
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.OTHER)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # The organisation as the person wrote it, when it is not one the system knows.
    organisation_name = models.CharField(_("organisation (as written)"), max_length=300, blank=True)
    # Contact details are shown only to the province's staff.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_purpose = models.CharField(_("purpose of keeping the data"), max_length=300, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # Set when the person's data was erased: the row stays so figures keep their count.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["province", "name_th"]),
            models.Index(fields=["province", "sort_key"]),
        ]

    def __str__(self) -> str:
        return self.name_th

    @property
    def organisation_label(self) -> str:
        return str(self.organisation) if self.organisation_id else self.organisation_name

    def refresh_search_text(self) -> None:
        self.search_text = normalise(f"{self.name_th} {self.name_en}")


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    AGENCY = "agency", _("Government agency")
    FOUNDATION = "foundation", _("Foundation")
    OTHER = "other", _("Other")


class Partner(ThaiSorted):
    """An institution that works with the province's programme: a university, an agency, a
    foundation. Its roles (research, evaluation, training, funding) are ticked, not typed."""

    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.OTHER
    )
    does_research = models.BooleanField(_("research"), default=False)
    does_evaluation = models.BooleanField(_("evaluation"), default=False)
    does_training = models.BooleanField(_("training"), default=False)
    does_funding = models.BooleanField(_("funding"), default=False)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(_("listed on the public province page"), default=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_th"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name_th


# --- training ---------------------------------------------------------------------------------


class Course(models.Model):
    """A training course and its completion rule: enough hours attended and a post-test mark."""

    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("course title"), max_length=300)
    # No partner: the province's own programme organises the course.
    organiser = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("organiser"),
        help_text=_("Leave empty when the province organises the course itself."),
    )
    funder = models.CharField(_("funder"), max_length=300, blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    topics = models.TextField(_("topics"), blank=True, help_text=_("One topic a line."))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    min_hours = models.DecimalField(_("minimum hours attended"), max_digits=6, decimal_places=2)
    test_max_score = models.DecimalField(_("highest test score"), max_digits=6, decimal_places=2)
    min_post_score = models.DecimalField(
        _("minimum post-test score"), max_digits=6, decimal_places=2
    )
    is_trainer_course = models.BooleanField(
        _("trains trainers"),
        default=False,
        help_text=_("Those who complete it join the trainers' register."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_hours__lte=F("hours")), name="course_min_hours_within_hours"
            ),
            models.CheckConstraint(
                condition=Q(min_post_score__lte=F("test_max_score")),
                name="course_pass_mark_within_test",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.splitlines() if t.strip()]

    @property
    def organiser_label(self) -> str:
        return str(self.organiser) if self.organiser_id else str(_("The province"))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Batch(models.Model):
    course = models.ForeignKey(
        Course, models.CASCADE, related_name="batches", verbose_name=_("course")
    )
    # Carried from the course so that every query of a province's rows needs no join.
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    name = models.CharField(_("batch name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.ForeignKey(
        "geo.Subdistrict",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue (subdistrict)"),
    )
    venue_name = models.CharField(_("venue"), max_length=300, blank=True)
    # The self-enrolment link: unguessable, and only open while the organisers say so.
    enrol_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    enrol_open = models.BooleanField(_("self-enrolment open"), default=False)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="batch_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.name}"


class TrainingSession(models.Model):
    batch = models.ForeignKey(Batch, models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    topic = models.CharField(_("topic"), max_length=300)
    trainer = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions_led",
        verbose_name=_("trainer"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="session_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.topic}"


class EnrolmentSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    LINK = "link", _("Self-enrolment link")
    SHEET = "sheet", _("Sign-in sheet")


class Enrolment(models.Model):
    """A person in a batch, with the purpose their data is kept for and their consent."""

    batch = models.ForeignKey(Batch, models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="enrolments", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose of keeping the data"), max_length=300)
    consent_at = models.DateTimeField(_("consent given"))
    source = models.CharField(
        _("enrolled through"),
        max_length=10,
        choices=EnrolmentSource.choices,
        default=EnrolmentSource.STAFF,
    )
    pre_score = models.DecimalField(
        _("pre-test score"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    post_score = models.DecimalField(
        _("post-test score"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["person__name_th", "pk"]
        constraints = [
            # A person is enrolled in a batch once, however often they sign in.
            models.UniqueConstraint(fields=["batch", "person"], name="enrolment_once_per_batch")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.batch.name}"

    @property
    def gain(self) -> Decimal | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, models.CASCADE, related_name="attendances")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.session_id}"


# --- the trainers' register -------------------------------------------------------------------


class TrainerSource(models.TextChoices):
    COURSE = "course", _("Completed a trainer course")
    ADMIN = "admin", _("Added by the province")


class Trainer(models.Model):
    """A moral-promotion trainer (วิทยากรส่งเสริมคุณธรรม) of the province's register."""

    person = models.OneToOneField(
        Person, models.CASCADE, related_name="trainer", verbose_name=_("person")
    )
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    topics = models.TextField(_("topics"), blank=True, help_text=_("One topic a line."))
    districts = models.ManyToManyField(
        "geo.District", blank=True, related_name="+", verbose_name=_("districts served")
    )
    source = models.CharField(
        _("on the register because"),
        max_length=10,
        choices=TrainerSource.choices,
        default=TrainerSource.ADMIN,
    )
    # Only name, topics and organisation are shown on the public page, and only when the
    # trainer chose to be listed there.
    is_public = models.BooleanField(_("listed on the public province page"), default=False)
    search_text = models.TextField(editable=False, default="")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["person__sort_key", "pk"]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.splitlines() if t.strip()]

    def refresh_search_text(self) -> None:
        person = self.person
        self.search_text = normalise(
            f"{person.name_th} {person.name_en} {person.organisation_label} {self.topics}"
        )


class ActivityTrainer(models.Model):
    """A trainer picked for a key activity of a plan."""

    activity = models.ForeignKey("plans.Activity", models.CASCADE, related_name="+")
    trainer = models.ForeignKey(Trainer, models.CASCADE, related_name="activity_links")
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "trainer"], name="activity_trainer_once")
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id} @ {self.activity_id}"
