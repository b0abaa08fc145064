"""Meetings with their participants, agenda, minutes, decisions and follow-up actions, and the
memoranda of understanding (MOUs) the province signs with its partner institutions.

The people and partner institutions themselves live in the people app; this app records what
they do together. Every row reaches its province through its own `province` column or its
meeting's or MOU's.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from moralprovince.lib.storage import RandomName


class Body(models.TextChoices):
    """Which body a meeting belongs to."""

    SUBCOMMITTEE = "subcommittee", _("Provincial moral-promotion sub-committee")
    WORKING_GROUP = "working_group", _("Provincial working group")
    NETWORK = "network", _("A network's working group")
    PARTNERS = "partners", _("Academic partners")
    OTHER = "other", _("Another body")


class Meeting(models.Model):
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("meeting number"), max_length=20, blank=True)
    body = models.CharField(_("body"), max_length=20, choices=Body.choices, default=Body.OTHER)
    # Set when the body is a network's working group: its coordinators then see the meeting.
    network = models.ForeignKey(
        "organisations.Network",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    chair = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Formatted text; anything unsafe is removed.")
    )
    news_post = models.ForeignKey(
        "knowledge.NewsPost",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("news post"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["province", "-held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(body="network", network__isnull=False)
                | (~Q(body="network") & Q(network__isnull=True)),
                name="meeting_network_iff_network_body",
                violation_error_message=_("Choose the network whose working group meets."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body_name(self) -> str:
        if self.network_id:
            return f"{self.get_body_display()}: {self.network}"
        return str(self.get_body_display())


class Participant(models.Model):
    """A person, an organisation or a partner institution invited to or attending a meeting."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "people.Person",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    partner = models.ForeignKey(
        "people.Partner",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("institution", "partner"),
    )
    role = models.CharField(_("role in the meeting"), max_length=200, blank=True)
    invited = models.BooleanField(_("invited"), default=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True, partner__isnull=True)
                | Q(person__isnull=True, organisation__isnull=False, partner__isnull=True)
                | Q(person__isnull=True, organisation__isnull=True, partner__isnull=False),
                name="participant_is_one_thing",
                violation_error_message=_(
                    "A participant is one person, one organisation or one partner."
                ),
            ),
            models.UniqueConstraint(fields=["meeting", "person"], name="participant_person_once"),
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="participant_organisation_once"
            ),
            models.UniqueConstraint(fields=["meeting", "partner"], name="participant_partner_once"),
        ]

    def __str__(self) -> str:
        return str(self.person or self.organisation or self.partner)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("agenda item"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    # An open action of an earlier meeting, brought to this one to be followed up.
    carried_action = models.ForeignKey(
        "ActionItem",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("action carried forward"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_once"),
            models.UniqueConstraint(
                fields=["meeting", "carried_action"], name="agenda_action_carried_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(models.Model):
    """Something a decision asks someone to do: one owner (a network, an organisation or a
    person), a due date and a status."""

    # The decision's meeting's province, kept here so the follow-up board reads one table.
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    decision = models.ForeignKey(Decision, models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner_network = models.ForeignKey(
        "organisations.Network",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner: network"),
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner: organisation"),
    )
    owner_person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner: person"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    notes = models.TextField(_("notes"), blank=True)
    # The later meeting at which the action was closed (done or dropped), if any.
    closed_at = models.ForeignKey(
        Meeting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_actions",
        verbose_name=_("closed at the meeting"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["province", "status", "due_on"])]
        constraints = [
            # Exactly one owner: the database holds it whatever writes the row.
            models.CheckConstraint(
                condition=Q(
                    owner_network__isnull=False,
                    owner_organisation__isnull=True,
                    owner_person__isnull=True,
                )
                | Q(
                    owner_network__isnull=True,
                    owner_organisation__isnull=False,
                    owner_person__isnull=True,
                )
                | Q(
                    owner_network__isnull=True,
                    owner_organisation__isnull=True,
                    owner_person__isnull=False,
                ),
                name="action_has_one_owner",
                violation_error_message=_(
                    "An action has exactly one owner: a network, an organisation or a person."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> object:
        return self.owner_network or self.owner_organisation or self.owner_person

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_on < today


class Mou(models.Model):
    """A memorandum of understanding between the province and its partner institutions."""

    province = models.ForeignKey(
        "geo.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    scope = models.TextField(_("scope"), blank=True)
    # What the province itself undertakes; each partner's undertaking is on its party row.
    province_commitments = models.TextField(_("the province's commitments"), blank=True)
    province_signatory = models.CharField(
        _("signatory for the province"), max_length=300, blank=True
    )
    document = models.FileField(_("signed document"), upload_to=RandomName("mous/%Y/"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("memorandum of understanding")
        verbose_name_plural = _("memoranda of understanding")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="mou_ends_after_start",
                violation_error_message=_("The MOU cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class MouParty(models.Model):
    """A partner institution that signed an MOU, its signatory and what it undertakes."""

    mou = models.ForeignKey(Mou, models.CASCADE, related_name="parties")
    partner = models.ForeignKey(
        "people.Partner",
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("institution", "partner"),
    )
    signatory = models.CharField(_("signatory"), max_length=300, blank=True)
    commitments = models.TextField(_("commitments"), blank=True)

    class Meta:
        verbose_name = _("party to an MOU")
        verbose_name_plural = _("parties to an MOU")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["mou", "partner"], name="mou_party_once")]

    def __str__(self) -> str:
        return str(self.partner)
