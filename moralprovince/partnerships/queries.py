"""Reads of meetings and actions for the pages, the PDF and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from moralprovince.accounts.access import Actor
from moralprovince.partnerships.access import actions_visible_to, can
from moralprovince.partnerships.models import (
    OPEN_STATUSES,
    ActionItem,
    ActionStatus,
    Meeting,
)
from moralprovince.partnerships.services import actions_to_carry


def meeting_page(meeting: Meeting, actor: Actor, today: dt.date) -> dict[str, Any]:
    """Everything the meeting's page and its minutes show."""
    participants = list(
        meeting.participants.select_related(
            "person__organisation", "organisation", "partner"
        ).order_by("-attended", "pk")
    )
    actions = ActionItem.objects.select_related(
        "owner_network", "owner_organisation", "owner_person", "closed_at"
    )
    decisions = meeting.decisions.prefetch_related(Prefetch("actions", queryset=actions))
    agenda = meeting.agenda.select_related(
        "carried_action__decision__meeting",
        "carried_action__owner_network",
        "carried_action__owner_organisation",
        "carried_action__owner_person",
        "carried_action__closed_at",
    )
    can_write = can(actor, "partnerships.meeting.write", meeting)
    return {
        "meeting": meeting,
        "attending": [p for p in participants if p.attended],
        "absent": [p for p in participants if p.invited and not p.attended],
        "participants": participants,
        "agenda": agenda,
        "decisions": decisions,
        "closed_here": actions.filter(closed_at=meeting),
        "can_write": can_write,
        "to_carry": actions_to_carry(meeting).count() if can_write else 0,
        "show_contacts": can(actor, "partnerships.contacts.view", meeting),
        "statuses": ActionStatus.choices,
        "today": today,
    }


def open_actions(actor: Actor, province_id: str, today: dt.date) -> QuerySet[ActionItem]:
    """The open actions the actor sees in the province: overdue first, then by due date."""
    overdue = Case(
        When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        actions_visible_to(actor)
        .filter(province_id=province_id, status__in=OPEN_STATUSES)
        .annotate(overdue_first=overdue)
        .order_by("overdue_first", "due_on", "pk")
    )


def filter_board(rows: QuerySet[ActionItem], data: dict[str, Any]) -> QuerySet[ActionItem]:
    """Narrow the board to one kind of owner, or to one network (its own actions and those
    of its member organisations)."""
    owner = data.get("owner")
    if owner:
        rows = rows.filter(**{f"owner_{owner}__isnull": False})
    network = data.get("network")
    if network is not None:
        rows = rows.filter(
            Q(owner_network=network) | Q(owner_organisation__memberships__network=network)
        ).distinct()
    return rows
