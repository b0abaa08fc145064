"""Knowledge and the public face: news, lessons-learned cases, assemblies and their
resolutions, research projects, and the search index over all of them.

Everything starts as a draft seen only by the province's people; once published it is
public. The search index holds one entry per item and follows every save and delete.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moralprovince.lib.storage import RandomName
from moralprovince.lib.thaitext import html_text, one_line


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Publishable(models.Model):
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Publication.choices, default=Publication.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Publication.PUBLISHED


class NewsPost(Publishable):
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), help_text=_("Formatted text; anything unsafe is removed."))
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    photographer = models.CharField(_("photographer"), max_length=200, blank=True)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    source_url = models.URLField(_("source"), blank=True)
    networks = models.ManyToManyField(
        "organisations.Network", blank=True, related_name="+", verbose_name=_("networks")
    )
    activities = models.ManyToManyField(
        "plans.Activity", blank=True, related_name="+", verbose_name=_("key activities")
    )
    view_count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        # Newest news first by the news's own date (see `date`), on every database: a post
        # with no date of its event counts from the day it was published.
        ordering = [Coalesce("event_date", TruncDate("published_at")).desc(nulls_last=True), "-pk"]
        indexes = [models.Index(fields=["province", "status", "-event_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def date(self) -> dt.date | None:
        """The news's own date: the day of its event, or else the day it was published.

        Never the day the row was written: news loaded or typed in later keeps its date.
        """
        if self.event_date:
            return self.event_date
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def summary(self) -> str:
        """The body as one line of plain text, its paragraphs apart (for link previews)."""
        return one_line(html_text(self.body))

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class NewsPhoto(models.Model):
    post = models.ForeignKey(NewsPost, models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=RandomName("news/%Y/"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class PostView(models.Model):
    """One visitor's first view of a post on a day: the counter counts each visitor once a day.

    `visitor` is a keyed hash (of the account, or of the address and browser), never the
    address itself.
    """

    post = models.ForeignKey(NewsPost, models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    day = models.DateField(default=timezone.localdate)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "visitor", "day"], name="post_view_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} {self.visitor[:8]}"


class Assembly(Publishable):
    """A moral assembly (สมัชชาคุณธรรม): the declaration and proposals it adopted."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")

    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.PROVINCIAL
    )
    held_on = models.DateField(_("date held"))
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    declaration = models.TextField(_("declaration"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("participating organisations"),
    )

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class Resolution(models.Model):
    assembly = models.ForeignKey(Assembly, models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("resolution"))

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["assembly", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="resolution_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Adoption(models.Model):
    """An organisation that took up a resolution: what it committed to and what it did."""

    resolution = models.ForeignKey(Resolution, models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    commitment = models.TextField(_("commitment"))
    actions = models.TextField(_("what it did"), blank=True)
    adopted_on = models.DateField(_("date adopted"), null=True, blank=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "organisation"], name="adoption_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.resolution_id}"


class LessonCase(Publishable):
    """A lessons-learned case (ถอดบทเรียน) of one organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    # The case's own date; the day it was typed in or loaded is no date of the case.
    lesson_date = models.DateField(_("date of the lessons learned"), null=True, blank=True)
    context = models.TextField(_("context"))
    what_was_done = models.TextField(_("what it did"))
    results = models.TextField(_("results"), blank=True)
    success_factors = models.TextField(_("success factors"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    target_virtues = models.ManyToManyField(
        "plans.TargetVirtue", blank=True, related_name="+", verbose_name=_("target virtues")
    )
    activities = models.ManyToManyField(
        "plans.Activity", blank=True, related_name="+", verbose_name=_("key activities")
    )
    resolution = models.ForeignKey(
        Resolution,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("resolution put into practice"),
    )

    class Meta:
        verbose_name = _("lessons-learned case")
        verbose_name_plural = _("lessons-learned cases")
        ordering = [F("lesson_date").desc(nulls_last=True), "-pk"]

    def __str__(self) -> str:
        return self.title


class ResearchProject(Publishable):
    title = models.CharField(_("title"), max_length=300)
    lead = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+", verbose_name=_("partners")
    )
    start = models.DateField(_("start date"), null=True, blank=True)
    end = models.DateField(_("end date"), null=True, blank=True)
    funding = models.CharField(_("funding source"), max_length=300, blank=True)
    area = models.CharField(_("area"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["-start", "-pk"]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    """A PDF or DOCX attached to a case or a research project; its text is searchable."""

    case = models.ForeignKey(
        LessonCase, models.CASCADE, null=True, blank=True, related_name="documents"
    )
    project = models.ForeignKey(
        ResearchProject, models.CASCADE, null=True, blank=True, related_name="documents"
    )
    file = models.FileField(upload_to=RandomName("documents/%Y/"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        # Never the stored file's name: the page lists documents by this.
        return self.title or gettext("Document")


class SearchEntry(models.Model):
    """One searchable item: its words, already split and normalised, and who may see it."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    province = models.ForeignKey("geo.Province", models.CASCADE, null=True, related_name="+")
    published = models.BooleanField(default=False)
    title = models.CharField(max_length=300)
    # Title and text split into words (PyThaiNLP), normalised and joined by spaces: for
    # ranking whole-word matches above parts of words.
    title_words = models.TextField()
    words = models.TextField()
    # Every word and every dictionary word inside a longer one, once each: a query word
    # matches a word or a part of a compound (เครือข่าย in เครือข่ายการสื่อสาร). Indexed.
    terms = models.TextField()
    # Plain text shown as the result's snippet.
    body = models.TextField()
    date = models.DateField(null=True)
    url = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["published", "province"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
