"""Writes to meetings, their actions, partners and MOUs; each in one transaction, logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.audit.services import log_action, snapshot
from moralprovince.core.inputs import Input, assign
from moralprovince.geo.models import Province
from moralprovince.knowledge.models import NewsPost
from moralprovince.knowledge.services import clean_html
from moralprovince.lib.storage import files_removed_on_rollback, remove_after_commit
from moralprovince.lib.uploads import validate_document
from moralprovince.organisations.models import Network, Organisation
from moralprovince.organisations.services import check_in_province
from moralprovince.partnerships.access import require
from moralprovince.partnerships.models import (
    OPEN_STATUSES,
    ActionItem,
    ActionStatus,
    AgendaItem,
    Body,
    Decision,
    Meeting,
    Mou,
    MouParty,
    Participant,
)
from moralprovince.people.models import Partner, Person

# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MeetingInput(Input):
    title: str
    held_on: dt.date
    number: str = ""
    body: str = Body.OTHER
    network: Network | None = None
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    place: str = ""
    chair: Person | None = None
    minutes: str = ""
    news_post: NewsPost | None = None


@dataclass(frozen=True, kw_only=True)
class ParticipantInput(Input):
    person: Person | None = None
    organisation: Organisation | None = None
    partner: Partner | None = None
    role: str = ""
    invited: bool = True
    attended: bool = False


@dataclass(frozen=True, kw_only=True)
class ActionInput(Input):
    title: str
    due_on: dt.date
    owner_network: Network | None = None
    owner_organisation: Organisation | None = None
    owner_person: Person | None = None
    status: str = ActionStatus.OPEN
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class PartnerInput(Input):
    name_th: str
    name_en: str = ""
    kind: str = "other"
    does_research: bool = False
    does_evaluation: bool = False
    does_training: bool = False
    does_funding: bool = False
    website: str = ""
    is_public: bool = True


@dataclass(frozen=True, kw_only=True)
class MouInput(Input):
    title: str
    starts_on: dt.date
    ends_on: dt.date
    signed_on: dt.date | None = None
    scope: str = ""
    province_commitments: str = ""
    province_signatory: str = ""


@dataclass(frozen=True, kw_only=True)
class PartyInput(Input):
    partner: Partner
    signatory: str = ""
    commitments: str = ""


MEETING_LOGGED = ["title", "number", "body", "network", "held_on", "place", "chair", "news_post"]


def _log(actor: Actor, row: Any, verb: str, province_id: str, **changes: Any) -> None:
    log_action(
        actor=actor,
        action=f"partnerships.{type(row).__name__.lower()}.{verb}",
        obj=row,
        province_id=province_id,
        **changes,
    )


# --- meetings --------------------------------------------------------------------------------


def _write_meeting(meeting: Meeting, data: MeetingInput) -> None:
    check_in_province(
        meeting.province_id, network=data.network, chair=data.chair, news_post=data.news_post
    )
    assign(meeting, data)
    meeting.minutes = clean_html(data.minutes) if data.minutes.strip() else ""
    if meeting.body != Body.NETWORK:
        # Only a network's working group names a network.
        meeting.network = None
    meeting.full_clean()
    meeting.save()


@transaction.atomic
def create_meeting(*, actor: Actor, province: Province, data: MeetingInput) -> Meeting:
    """Record a meeting of one of the province's bodies."""
    meeting = Meeting(province=province, created_by=person(actor))
    meeting.network = data.network
    require(actor, "partnerships.meeting.write", meeting)
    _write_meeting(meeting, data)
    # A coordinator records only their own network's meetings, checked on what was saved.
    require(actor, "partnerships.meeting.write", meeting)
    _log(actor, meeting, "created", province.pk, after=snapshot(meeting, MEETING_LOGGED))
    return meeting


@transaction.atomic
def update_meeting(*, actor: Actor, meeting: Meeting, data: MeetingInput) -> Meeting:
    stored = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    require(actor, "partnerships.meeting.write", stored)
    before = snapshot(stored, [*MEETING_LOGGED, "minutes"])
    _write_meeting(stored, data)
    require(actor, "partnerships.meeting.write", stored)
    after = snapshot(stored, [*MEETING_LOGGED, "minutes"])
    _log(actor, stored, "updated", stored.province_id, before=before, after=after)
    return stored


def _next_number(rows: Any) -> int:
    return int(rows.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def add_agenda_item(*, actor: Actor, meeting: Meeting, title: str, notes: str = "") -> AgendaItem:
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    require(actor, "partnerships.meeting.write", meeting)
    item = AgendaItem(meeting=meeting, number=_next_number(meeting.agenda), title=title)
    item.notes = notes
    item.full_clean()
    item.save()
    _log(actor, item, "created", meeting.province_id, after=snapshot(item, ["meeting", "title"]))
    return item


@transaction.atomic
def add_participant(*, actor: Actor, meeting: Meeting, data: ParticipantInput) -> Participant:
    require(actor, "partnerships.meeting.write", meeting)
    check_in_province(
        meeting.province_id,
        person=data.person,
        organisation=data.organisation,
        partner=data.partner,
    )
    given = [x for x in (data.person, data.organisation, data.partner) if x is not None]
    if len(given) != 1:
        raise ValidationError(_("Choose one person, one organisation or one partner."))
    participant = Participant(meeting=meeting)
    assign(participant, data)
    participant.full_clean()
    participant.save()
    _log(
        actor,
        participant,
        "created",
        meeting.province_id,
        after=snapshot(participant, ParticipantInput.names()),
    )
    return participant


@transaction.atomic
def add_decision(*, actor: Actor, meeting: Meeting, text: str) -> Decision:
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    require(actor, "partnerships.meeting.write", meeting)
    decision = Decision(meeting=meeting, number=_next_number(meeting.decisions), text=text)
    decision.full_clean()
    decision.save()
    _log(actor, decision, "created", meeting.province_id, after={"text": text})
    return decision


# --- actions ---------------------------------------------------------------------------------

OWNER_FIELDS = ("owner_network", "owner_organisation", "owner_person")


def owner_errors(data: ActionInput) -> dict[str, str]:
    """Exactly one owner: a network, an organisation or a person."""
    owners = [getattr(data, name) for name in OWNER_FIELDS if getattr(data, name) is not None]
    if len(owners) == 1:
        return {}
    if not owners:
        message = _("Choose who owns the action: a network, an organisation or a person.")
    else:
        message = _("An action has one owner: choose a network, an organisation or a person.")
    return {"owner_network": message}


@transaction.atomic
def create_action(*, actor: Actor, decision: Decision, data: ActionInput) -> ActionItem:
    """Turn a decision into an action item with its owner, due date and status."""
    meeting = decision.meeting
    require(actor, "partnerships.meeting.write", meeting)
    if errors := owner_errors(data):
        raise ValidationError(errors)
    check_in_province(
        meeting.province_id,
        owner_network=data.owner_network,
        owner_organisation=data.owner_organisation,
        owner_person=data.owner_person,
    )
    action = ActionItem(province_id=meeting.province_id, decision=decision)
    assign(action, data)
    if not action.is_open:
        action.closed_on = meeting.held_on
    action.full_clean()
    action.save()
    _log(actor, action, "created", meeting.province_id, after=snapshot(action, ActionInput.names()))
    return action


@transaction.atomic
def update_action(
    *,
    actor: Actor,
    action: ActionItem,
    status: str,
    notes: str,
    at_meeting: Meeting | None = None,
    today: dt.date | None = None,
) -> ActionItem:
    """Change an action's status and notes; closing it at a later meeting records which."""
    stored = ActionItem.objects.select_for_update(of=("self",)).get(pk=action.pk)
    own = stored.decision.meeting
    require(actor, "partnerships.meeting.write", own)
    if at_meeting is not None:
        require(actor, "partnerships.meeting.write", at_meeting)
        if at_meeting.province_id != own.province_id or at_meeting.held_on < own.held_on:
            raise ValidationError(
                {"status": _("An action is followed up at a later meeting of its province.")}
            )
    names = ["status", "notes", "closed_at", "closed_on"]
    before = snapshot(stored, names)
    stored.status, stored.notes = status, notes
    if stored.is_open:
        stored.closed_at, stored.closed_on = None, None
    elif before["status"] in OPEN_STATUSES:
        stored.closed_at = at_meeting
        stored.closed_on = at_meeting.held_on if at_meeting else (today or timezone.localdate())
    stored.full_clean()
    stored.save()
    _log(actor, stored, "updated", stored.province_id, before=before, after=snapshot(stored, names))
    return stored


def actions_to_carry(meeting: Meeting) -> Any:
    """Open actions of the province's earlier meetings not yet on this meeting's agenda.

    A network's working group carries the actions its network owns or that its own earlier
    meetings decided; any other body carries every open action of the province.
    """
    rows = ActionItem.objects.filter(
        province_id=meeting.province_id,
        status__in=OPEN_STATUSES,
        decision__meeting__held_on__lte=meeting.held_on,
    ).exclude(decision__meeting=meeting)
    if meeting.network_id is not None:
        rows = rows.filter(
            Q(owner_network_id=meeting.network_id)
            | Q(decision__meeting__network_id=meeting.network_id)
        )
    return rows.exclude(carried_to__meeting=meeting).order_by("due_on", "pk")


@transaction.atomic
def carry_forward(*, actor: Actor, meeting: Meeting) -> list[AgendaItem]:
    """Put each open action of earlier meetings on this meeting's agenda, once."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    require(actor, "partnerships.meeting.write", meeting)
    number = _next_number(meeting.agenda)
    items = []
    for offset, action in enumerate(actions_to_carry(meeting)):
        title = _("Follow-up: %(action)s") % {"action": action.title}
        items.append(
            AgendaItem.objects.create(
                meeting=meeting, number=number + offset, title=title[:300], carried_action=action
            )
        )
    if items:
        _log(
            actor,
            meeting,
            "carried_forward",
            meeting.province_id,
            after={"actions": [i.carried_action_id for i in items]},
        )
    return items


# --- partners and MOUs -----------------------------------------------------------------------


@transaction.atomic
def save_partner(
    *, actor: Actor, province: Province, data: PartnerInput, partner: Partner | None = None
) -> Partner:
    """Add a partner institution of the province, or change one."""
    require(actor, "partnerships.partner.manage", province.pk)
    names = PartnerInput.names()
    if partner is None:
        row, verb, before = Partner(province=province), "created", {}
    else:
        row = Partner.objects.select_for_update().get(pk=partner.pk, province=province)
        verb, before = "updated", snapshot(row, names)
    assign(row, data)
    row.full_clean()
    row.save()
    _log(actor, row, verb, province.pk, before=before, after=snapshot(row, names))
    return row


MOU_LOGGED = [*MouInput.names(), "document"]


def _store_document(mou: Mou, document: UploadedFile | None, stored: Any) -> None:
    if document is None:
        return
    try:
        validate_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None
    if mou.document:
        remove_after_commit(mou.document)
    stored.store(mou.document, document, document.name or "mou")


def save_mou(
    *,
    actor: Actor,
    province: Province,
    data: MouInput,
    mou: Mou | None = None,
    document: UploadedFile | None = None,
) -> Mou:
    """Record an MOU of the province (or change one), with its signed document if given."""
    require(actor, "partnerships.mou.manage", province.pk)
    with files_removed_on_rollback() as stored:
        if mou is None:
            row, verb, before = Mou(province=province, created_by=person(actor)), "created", {}
        else:
            row = Mou.objects.select_for_update(of=("self",)).get(pk=mou.pk, province=province)
            verb, before = "updated", snapshot(row, MOU_LOGGED)
        assign(row, data)
        if row.starts_on and row.ends_on and row.ends_on < row.starts_on:
            raise ValidationError({"ends_on": _("The MOU cannot end before it starts.")})
        _store_document(row, document, stored)
        row.full_clean()
        row.save()
        _log(actor, row, verb, province.pk, before=before, after=snapshot(row, MOU_LOGGED))
    return row


@transaction.atomic
def add_party(*, actor: Actor, mou: Mou, data: PartyInput) -> MouParty:
    require(actor, "partnerships.mou.manage", mou)
    check_in_province(mou.province_id, partner=data.partner)
    if mou.parties.filter(partner=data.partner).exists():
        raise ValidationError({"partner": _("This partner is already a party to the MOU.")})
    party = MouParty(mou=mou)
    assign(party, data)
    party.full_clean()
    party.save()
    _log(actor, party, "created", mou.province_id, after=snapshot(party, PartyInput.names()))
    return party
