"""Assessment of organisations, communities, districts and the province into three levels.

The criteria are data, versioned by fiscal year and unit type: their items, how each item is
scored, and the level rule (which items must score what, and the share of points needed for
each level). A published version that an assessment or a round uses is never changed: a
change makes a new version, and every assessment names the version it used, so last year's
results never move.

A round is a province's assessment for a fiscal year. Every unit assessed in it has one
`Assessment`, made when the round opens (status "not started"), so the round's board is one
query over one table. Each assessment has one `ItemScore` per item of its version, with the
unit's own score and account, its evidence, and the evaluator's verified score.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from moralprovince.audit.services import actor_label
from moralprovince.core.models import BilingualName, ThaiSorted
from moralprovince.lib.fiscal import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from moralprovince.lib.storage import RandomName

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class UnitType(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    COMMUNITY = "community", _("Community")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class Level(models.IntegerChoices):
    """The three levels, the same at every unit; 0 is a unit that reached none yet."""

    NONE = 0, _("Not yet at a level")
    PROMOTING = 1, _("Level 1: promoting morality")
    MORAL = 2, _("Level 2: moral")
    MODEL = 3, _("Level 3: model")


LEVELS = (Level.PROMOTING, Level.MORAL, Level.MODEL)
# The levels an item or a rule belongs to (not "none").
CRITERION_LEVELS = [(lv.value, lv.label) for lv in LEVELS]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class CriteriaVersion(models.Model):
    """One version of the criteria for a unit type and fiscal year."""

    unit_type = models.CharField(_("unit type"), max_length=20, choices=UnitType.choices)
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title_th = models.CharField(_("Thai title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    # Where the text comes from; a reference set says here that it is to be replaced.
    note = models.TextField(_("note"), blank=True)
    is_reference = models.BooleanField(_("reference text, to be replaced"), default=False)
    based_on = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made from version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        ordering = ["unit_type", "-fiscal_year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_type", "fiscal_year", "number"],
                name="criteria_version_unique",
                violation_error_message=_("This version number is already used."),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR, fiscal_year__lte=LAST_FISCAL_YEAR),
                name="criteria_year_is_be",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.fiscal_year} v{self.number}"

    @property
    def title(self) -> str:
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_th

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class ScoringKind(models.TextChoices):
    # 2, 1 or 0 points, each band with its own description.
    POINTS = "points", _("2 / 1 / 0 points, a description for each")
    # A share (such as of members who declared) put in a band: 2 at or above `share_high`,
    # 1 at or above `share_mid`, else 0.
    SHARE = "share", _("Share in bands (e.g. 80 % or more / 50 to 79.99 % / under 50 %)")
    # Yes scores 1 point, no 0.
    YES_NO = "yes_no", _("Yes / no")


# What each kind of item scores at most.
MAX_POINTS = {ScoringKind.POINTS: 2, ScoringKind.SHARE: 2, ScoringKind.YES_NO: 1}


class Prefill(models.TextChoices):
    """Which of the system's own records answer an item; empty when none does."""

    NONE = "", _("Nothing: the unit writes it")
    DECLARATION = "declaration", _("The declaration of intent and its signed share")
    TARGET_VIRTUES = "target_virtues", _("The target virtues and who took part")
    PLAN = "plan", _("The moral-promotion plan")
    PLAN_RESULTS = "plan_results", _("The plan's results (activity reports)")
    SURVEY = "survey", _("The youth life-assets survey")
    LEVEL_SHARES = "level_shares", _("The share of the province's units at each level")


class CriterionItem(models.Model):
    version = models.ForeignKey(CriteriaVersion, models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text_th = models.TextField(_("Thai text"))
    text_en = models.TextField(_("English text"), blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=CRITERION_LEVELS)
    scoring = models.CharField(
        _("scoring rule"), max_length=10, choices=ScoringKind.choices, default=ScoringKind.POINTS
    )
    band_2_th = models.TextField(_("what scores 2 (Thai)"), blank=True)
    band_1_th = models.TextField(_("what scores 1 (Thai)"), blank=True)
    band_0_th = models.TextField(_("what scores 0 (Thai)"), blank=True)
    band_2_en = models.TextField(_("what scores 2 (English)"), blank=True)
    band_1_en = models.TextField(_("what scores 1 (English)"), blank=True)
    band_0_en = models.TextField(_("what scores 0 (English)"), blank=True)
    share_high = models.DecimalField(
        _("share for 2 points (%, at least)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=PERCENT,
    )
    share_mid = models.DecimalField(
        _("share for 1 point (%, at least)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=PERCENT,
    )
    evidence_th = models.TextField(_("evidence asked for (Thai)"), blank=True)
    evidence_en = models.TextField(_("evidence asked for (English)"), blank=True)
    evidence_required = models.BooleanField(_("evidence is required"), default=False)
    prefill = models.CharField(
        _("filled in from"), max_length=20, choices=Prefill.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("criterion item")
        verbose_name_plural = _("criterion items")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                name="criterion_item_unique",
                violation_error_message=_("This version already has an item with this number."),
            ),
            models.CheckConstraint(
                condition=Q(share_mid__lte=models.F("share_high")),
                name="criterion_item_bands_ordered",
                violation_error_message=_(
                    "The share for 1 point must not be above the share for 2 points."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def text(self) -> str:
        if get_language() == "en" and self.text_en:
            return self.text_en
        return self.text_th

    @property
    def max_points(self) -> int:
        return MAX_POINTS[ScoringKind(self.scoring)]

    def band(self, points: int) -> str:
        """The description of what scores `points`, in the reader's language."""
        en = get_language() == "en"
        th_text = getattr(self, f"band_{points}_th", "")
        return (getattr(self, f"band_{points}_en", "") if en else "") or th_text

    def points_for_share(self, share: Decimal) -> int:
        if share >= self.share_high:
            return 2
        return 1 if share >= self.share_mid else 0


class LevelRule(models.Model):
    """What a unit needs for one level of a version, beside reaching the level below.

    The share is of the points possible on the items of this level and the levels below
    (levels are cumulative). `ItemRequirement`s name the items that must score at least so
    much for the level, whatever the share.
    """

    version = models.ForeignKey(CriteriaVersion, models.CASCADE, related_name="rules")
    level = models.PositiveSmallIntegerField(_("level"), choices=CRITERION_LEVELS)
    min_share = models.DecimalField(
        _("share of points needed (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = _("level rule")
        verbose_name_plural = _("level rules")
        ordering = ["version", "level"]
        constraints = [
            models.UniqueConstraint(fields=["version", "level"], name="level_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ≥ {self.min_share} %"


class ItemRequirement(models.Model):
    rule = models.ForeignKey(LevelRule, models.CASCADE, related_name="requirements")
    item = models.ForeignKey(CriterionItem, models.CASCADE, related_name="+")
    min_points = models.PositiveSmallIntegerField(
        _("at least (points)"), validators=[MaxValueValidator(2)]
    )

    class Meta:
        verbose_name = _("item requirement")
        verbose_name_plural = _("item requirements")
        ordering = ["rule", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "item"], name="item_requirement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.number} ≥ {self.min_points}"


class Community(BilingualName, ThaiSorted):
    """A community (ชุมชน) assessed as a unit: a village or a neighbourhood of a subdistrict."""

    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    subdistrict = models.ForeignKey(
        "geo.Subdistrict", models.PROTECT, related_name="+", verbose_name=_("subdistrict")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["province", "sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "name_th"],
                name="community_unique_name",
                violation_error_message=_("This subdistrict already has a community of this name."),
            )
        ]


class Round(models.Model):
    """A province's assessment round for a fiscal year."""

    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    name = models.CharField(_("name"), max_length=300)
    self_deadline = models.DateField(_("self-assessment deadline"))
    verify_deadline = models.DateField(_("verification deadline"))
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["province", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year"],
                name="round_unique_year",
                violation_error_message=_("This province already has a round for this year."),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR, fiscal_year__lte=LAST_FISCAL_YEAR),
                name="round_year_is_be",
            ),
            models.CheckConstraint(
                condition=Q(self_deadline__lte=models.F("verify_deadline")),
                name="round_deadlines_ordered",
                violation_error_message=_(
                    "The verification deadline must not be before the self-assessment deadline."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoundCriteria(models.Model):
    """A unit type assessed in a round, and the criteria version it is assessed by."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="criteria")
    unit_type = models.CharField(_("unit type"), max_length=20, choices=UnitType.choices)
    version = models.ForeignKey(
        CriteriaVersion, models.PROTECT, related_name="+", verbose_name=_("criteria version")
    )

    class Meta:
        verbose_name = _("criteria of a round")
        verbose_name_plural = _("criteria of a round")
        ordering = ["round", "unit_type"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit_type"], name="round_criteria_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_unit_type_display()} · {self.version}"


class EvaluatorAssignment(models.Model):
    """An evaluator verifies, in a round, the units of one network or one district."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("evaluator")
    )
    network = models.ForeignKey(
        "organisations.Network",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )
    district = models.ForeignKey(
        "geo.District",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    # The partner institution (a university, an agency) the evaluator verifies for, if any.
    partner = models.ForeignKey(
        "people.Partner",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the partner"),
    )

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=True, district__isnull=False)
                | Q(network__isnull=False, district__isnull=True),
                name="assignment_network_or_district",
                violation_error_message=_("Choose either a network or a district."),
            ),
            models.UniqueConstraint(
                fields=["round", "evaluator", "network"],
                name="assignment_unique_network",
                condition=Q(network__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["round", "evaluator", "district"],
                name="assignment_unique_district",
                condition=Q(district__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.network or self.district}"


class AssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for more evidence")
    VERIFIED = "verified", _("Verified")
    APPROVED = "approved", _("Approved")


# The unit edits its assessment only in these states.
EDITABLE_STATUSES = (
    AssessmentStatus.NOT_STARTED,
    AssessmentStatus.DRAFT,
    AssessmentStatus.RETURNED,
)


class Assessment(models.Model):
    """One unit's assessment in a round: an organisation, a community, a district or the
    province itself."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="assessments")
    # Carried from the round, so every access filter is on this table alone.
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+")
    unit_type = models.CharField(_("unit type"), max_length=20, choices=UnitType.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("community"),
    )
    # The district the unit lies in; for a district unit, the district itself. Kept here so
    # the board filters and counts by district without joins.
    district = models.ForeignKey(
        "geo.District",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    version = models.ForeignKey(
        CriteriaVersion, models.PROTECT, related_name="assessments", verbose_name=_("criteria")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_STARTED,
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.NONE)
    # Why the level is what it is: the item or the share that kept it from the next one.
    level_reason = models.JSONField(_("why this level"), default=list, blank=True)
    # Chosen by the committee above level 3 for the year's awards.
    outstanding = models.BooleanField(_("outstanding model"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["round", "unit_type", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"],
                name="assessment_unique_organisation",
                condition=Q(organisation__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["round", "community"],
                name="assessment_unique_community",
                condition=Q(community__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["round", "district"],
                name="assessment_unique_district",
                condition=Q(unit_type=UnitType.DISTRICT),
            ),
            models.UniqueConstraint(
                fields=["round"],
                name="assessment_unique_province",
                condition=Q(unit_type=UnitType.PROVINCE),
            ),
            # Each unit type names exactly its own unit.
            models.CheckConstraint(
                name="assessment_unit_matches_type",
                condition=Q(
                    unit_type=UnitType.ORGANISATION,
                    organisation__isnull=False,
                    community__isnull=True,
                )
                | Q(
                    unit_type=UnitType.COMMUNITY,
                    organisation__isnull=True,
                    community__isnull=False,
                )
                | Q(
                    unit_type=UnitType.DISTRICT,
                    organisation__isnull=True,
                    community__isnull=True,
                    district__isnull=False,
                )
                | Q(
                    unit_type=UnitType.PROVINCE,
                    organisation__isnull=True,
                    community__isnull=True,
                    district__isnull=True,
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["round", "district"]),
            models.Index(fields=["province", "level"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.round}"

    @property
    def unit_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name  # type: ignore[union-attr]
        if self.community_id:
            return self.community.name  # type: ignore[union-attr]
        if self.unit_type == UnitType.DISTRICT:
            return str(self.district)
        return str(self.province)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.APPROVED


class ItemScore(models.Model):
    """One item of an assessment: the unit's own score and account, the verified score."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="scores")
    item = models.ForeignKey(CriterionItem, models.PROTECT, related_name="+")
    # For a share item the unit writes the share, and its points follow from the bands.
    self_share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    self_points = models.PositiveSmallIntegerField(
        _("self score"), null=True, blank=True, validators=[MaxValueValidator(2)]
    )
    account = models.TextField(_("account"), blank=True)
    verified_points = models.PositiveSmallIntegerField(
        _("verified score"), null=True, blank=True, validators=[MaxValueValidator(2)]
    )
    comment = models.TextField(_("evaluator's comment"), blank=True)
    # The evaluator asks for more evidence on this item when returning the assessment.
    needs_evidence = models.BooleanField(_("more evidence asked for"), default=False)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["assessment", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="item_score_unique"),
            models.CheckConstraint(
                condition=Q(self_points__lte=2) & Q(verified_points__lte=2),
                name="item_score_points_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.number}: {self.points}"

    @property
    def points(self) -> int | None:
        """The score that counts: the verified one once there is one."""
        return self.verified_points if self.verified_points is not None else self.self_points


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")


class AssessmentEvidence(models.Model):
    """A file, a photo or a link offered as evidence for one item."""

    score = models.ForeignKey(ItemScore, models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=RandomName("evidence/assessments/%Y/"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment evidence")
        verbose_name_plural = _("assessment evidence")
        ordering = ["score", "pk"]
        constraints = [
            models.CheckConstraint(
                name="evidence_file_or_link",
                condition=Q(kind=EvidenceKind.LINK, file="", link__gt="")
                | (~Q(kind=EvidenceKind.LINK) & ~Q(file="") & Q(link="")),
            )
        ]

    def __str__(self) -> str:
        return self.caption or self.link or str(_("evidence"))


class Transition(models.Model):
    """One step in an assessment's history: who moved it from which status to which, why."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=AssessmentStatus.choices)
    to_status = models.CharField(max_length=12, choices=AssessmentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The system's name when no person took the step (the demo loader, an import).
    actor_name = models.CharField(max_length=150, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment step")
        verbose_name_plural = _("assessment steps")
        ordering = ["assessment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def who(self) -> str:
        """The person who took the step, or the system's name in the reader's language."""
        return str(self.actor) if self.actor_id else actor_label(self.actor_name)
