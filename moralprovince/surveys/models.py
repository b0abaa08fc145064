"""The youth life-assets survey: instruments as versioned data, rounds, responses, results.

An instrument version is never changed once saved: a change of items or scoring makes a new
version, and every round (so every result) names the version that scored it. Responses keep
only school, grade, sex and age beside the answers (respondents are minors; Thai PDPA).
`ResultCell` is the read model kept up to date by every import and web submission: pages
read it, never the responses.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moralprovince.core.models import BilingualName
from moralprovince.lib.storage import RandomName

MAX_BANDS = 5


class Instrument(BilingualName):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")
        ordering = ["code"]

    def latest(self) -> InstrumentVersion | None:
        return self.versions.order_by("-number").first()


class ScoringRule(models.TextChoices):
    RAW = "raw", _("Sum ÷ highest possible sum (answers as scored)")
    RESCALED = "rescaled", _("Answers moved to start at 0, then sum ÷ highest possible sum")


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    scale_min = models.SmallIntegerField(_("lowest answer value"))
    scale_max = models.SmallIntegerField(_("highest answer value"))
    scoring_rule = models.CharField(
        _("percent of the maximum"), max_length=10, choices=ScoringRule.choices
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="version_unique"),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max"), scale_min__gte=0)
                & models.Q(scale_max__lte=9),
                name="version_scale_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Domain(BilingualName):
    version = models.ForeignKey(InstrumentVersion, models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="domain_code_unique")
        ]


class Item(models.Model):
    version = models.ForeignKey(InstrumentVersion, models.CASCADE, related_name="items")
    domain = models.ForeignKey(Domain, models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=40)
    text_th = models.CharField(_("Thai text"), max_length=500)
    text_en = models.CharField(_("English text"), max_length=500, blank=True)
    reverse = models.BooleanField(_("reverse-coded"), default=False)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="item_code_unique")]

    def __str__(self) -> str:
        return self.code


class Choice(models.Model):
    version = models.ForeignKey(InstrumentVersion, models.CASCADE, related_name="choices")
    value = models.SmallIntegerField(_("value"))
    label_th = models.CharField(_("Thai label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="choice_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label_th}"


class GradeBand(models.Model):
    """A grade band: a percentage above (or from) `min_percent`; bands are read best first."""

    version = models.ForeignKey(InstrumentVersion, models.CASCADE, related_name="bands")
    code = models.CharField(_("code"), max_length=10)
    label_th = models.CharField(_("Thai label"), max_length=100)
    label_en = models.CharField(_("English label"), max_length=100, blank=True)
    min_percent = models.DecimalField(_("lowest percent"), max_digits=5, decimal_places=2)
    includes_min = models.BooleanField(_("the lowest percent itself belongs to the band"))
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="band_code_unique"),
            models.CheckConstraint(condition=models.Q(order__lt=MAX_BANDS), name="band_order_max"),
        ]

    def __str__(self) -> str:
        return self.code


class SurveyRound(models.Model):
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    version = models.ForeignKey(
        InstrumentVersion, models.PROTECT, related_name="rounds", verbose_name=_("instrument")
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    schools: models.ManyToManyField = models.ManyToManyField(
        "organisations.Organisation", through="RoundSchool", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-fiscal_year", "-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__lte=models.F("closes_on")), name="round_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, on: dt.date | None = None) -> bool:
        """Whether pupils may answer on this day (today, in the site's time zone)."""
        day = on or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def has_closed(self, on: dt.date | None = None) -> bool:
        return (on or timezone.localdate()) > self.closes_on

    def has_opened(self, on: dt.date | None = None) -> bool:
        return (on or timezone.localdate()) >= self.opens_on


def new_token() -> str:
    return secrets.token_urlsafe(12)


class RoundSchool(models.Model):
    round = models.ForeignKey(SurveyRound, models.CASCADE, related_name="round_schools")
    organisation = models.ForeignKey("organisations.Organisation", models.PROTECT, related_name="+")
    token = models.CharField(max_length=32, unique=True, default=new_token)
    # Off: a browser that has answered through the link is told so and cannot answer again.
    # On (the school's reporter or the round's managers switch it, audited): one computer
    # or tablet is passed from pupil to pupil, each starting a new form.
    shared_device = models.BooleanField(_("several pupils share this device"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="round_school_unique")
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)


BURST_MINUTES = 10


class LinkSubmission(models.Model):
    """When a form sent through a school's link was stored: the time and nothing else.

    Read to limit how many forms a link takes in a sliding window and to show a school's
    unusual bursts. It has no link to the response, so no answer can be tied to a time.
    """

    member = models.ForeignKey(RoundSchool, models.CASCADE, related_name="+")
    at = models.DateTimeField()
    # The 10-minute slot of `at` (minutes since 1970 ÷ 10), so bursts are counted in SQL.
    slot = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["member", "at"], name="link_submission_at")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.at:%Y-%m-%d %H:%M}"

    @staticmethod
    def slot_of(at: dt.datetime) -> int:
        return int(at.timestamp()) // (60 * BURST_MINUTES)


class ResponseImport(models.Model):
    """An uploaded file of responses, from its upload to its import.

    What is kept of the file is a copy without the columns that identify a child (names,
    student and national ids, phones, addresses, e-mails, birth dates: `columns.identifying`),
    which are dropped before anything is stored; `dropped_columns` names them. The copy is
    deleted once the file is imported, refused, or left unimported for
    SURVEY_IMPORT_KEEP_HOURS; `sha256` (of the file as uploaded) stays, so the same file
    imported again adds nothing.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKED = "checked", _("Checked")
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused: nothing imported")
        FAILED = "failed", _("Failed")

    round = models.ForeignKey(SurveyRound, models.CASCADE, related_name="imports")
    file = models.FileField(upload_to=RandomName("survey-imports/%Y/%m/"), blank=True)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=10)  # csv or xlsx, as uploaded
    encoding = models.CharField(max_length=20, blank=True)
    columns = models.JSONField(default=list)
    dropped_columns = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    school = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    already_present = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)
    problem_counts = models.JSONField(default=dict)
    notices = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class Sex(models.IntegerChoices):
    MALE = 1, _("Male")
    FEMALE = 2, _("Female")
    OTHER = 3, _("Other or not stated")


class Response(models.Model):
    """One respondent's answers, one digit per item in the version's item order.

    Written by `surveys.store` with raw SQL (executemany / COPY), never one by one.
    `key` is a 64-bit hash of the submission id: the same submission is stored once.
    """

    # The key is (round, key): no counter column to keep (SQLite's AUTOINCREMENT costs a
    # write per row). The foreign keys have no database constraint or index of their own:
    # the importer checks both against the round, and each would cost time on a bulk
    # import. PROTECT is Django's own check, made before a round is deleted (through the
    # primary key's index, whose first column is the round): a round with responses is never
    # deleted, whoever asks (`services.delete_round` says so before trying).
    pk = models.CompositePrimaryKey("round_id", "key")
    round = models.ForeignKey(
        SurveyRound, models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    key = models.BigIntegerField()
    grade = models.PositiveSmallIntegerField()
    sex = models.PositiveSmallIntegerField(choices=Sex.choices)
    age = models.PositiveSmallIntegerField(null=True)
    answers = models.CharField(max_length=200)
    batch = models.IntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.round_id}:{self.key}"


class Level(models.TextChoices):
    SCHOOL = "school", _("School")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class ResultCell(models.Model):
    """Counts for one unit, group and domain of a round (domain 0 is the total).

    Groups: everyone (sex 0, grade 0), each sex (grade 0), each grade (sex 0).
    `score_sum` adds the respondents' item sums (reverse-coded items turned), so the mean
    percent is exact; `band0..band4` count respondents per grade band, best first.
    """

    round = models.ForeignKey(SurveyRound, models.CASCADE, related_name="+", db_index=False)
    level = models.CharField(max_length=10, choices=Level.choices)
    unit = models.CharField(max_length=12)
    sex = models.PositiveSmallIntegerField()
    grade = models.PositiveSmallIntegerField()
    domain = models.PositiveSmallIntegerField()
    n = models.IntegerField()
    score_sum = models.BigIntegerField()
    band0 = models.IntegerField(default=0)
    band1 = models.IntegerField(default=0)
    band2 = models.IntegerField(default=0)
    band3 = models.IntegerField(default=0)
    band4 = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "level", "unit", "sex", "grade", "domain"], name="cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.unit} {self.domain}"
