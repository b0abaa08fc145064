"""Reminders to those behind in an open round: an organisation's reporters while its
self-assessment is not submitted, and each network's coordinators with the list of their
member organisations that have not started. Sent by the `send_reminders` command, through
`monitoring.reminders.EXTRA_REMINDERS`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from moralprovince.accounts.models import Role, RoleKind
from moralprovince.assessments.models import Assessment, AssessmentStatus, Round, UnitType
from moralprovince.organisations.models import Membership

Message = tuple[str, str, str, list[str]]

# Reminders start this long before the self-assessment deadline.
REMIND_BEFORE = dt.timedelta(days=14)
BEHIND = (AssessmentStatus.NOT_STARTED, AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


def open_rounds(today: dt.date) -> list[Round]:
    """Rounds whose self-assessment deadline is near or whose verification is still open."""
    return list(
        Round.objects.filter(
            self_deadline__lte=today + REMIND_BEFORE, verify_deadline__gte=today
        ).select_related("province")
    )


def _emails(roles: list[Role]) -> list[str]:
    return sorted({r.user.email for r in roles if r.user.email and r.user.is_active})


def assessment_reminders(today: dt.date) -> list[Message]:
    messages: list[Message] = []
    for rnd in open_rounds(today):
        behind = list(
            Assessment.objects.filter(
                round=rnd, unit_type=UnitType.ORGANISATION, status__in=BEHIND
            ).select_related("organisation")
        )
        # A returned assessment is owed until verification closes; the rest until their
        # own deadline passes, after which the unit can no longer submit.
        behind = [
            a for a in behind if a.status == AssessmentStatus.RETURNED or today <= rnd.self_deadline
        ]
        if not behind:
            continue
        reporters = defaultdict(list)
        for role in Role.objects.filter(
            kind=RoleKind.ORGANISATION_REPORTER,
            organisation_id__in=[a.organisation_id for a in behind],
        ).select_related("user"):
            reporters[role.organisation_id].append(role)
        for a in behind:
            to = _emails(reporters.get(a.organisation_id, []))
            if to:
                messages.append(_message(rnd, to, [a], today))
        messages += _coordinator_messages(rnd, behind, today)
    return messages


def _coordinator_messages(rnd: Round, behind: list[Assessment], today: dt.date) -> list[Message]:
    not_started = {a.organisation_id: a for a in behind if a.status == AssessmentStatus.NOT_STARTED}
    by_network = defaultdict(list)
    for network_id, org_id in Membership.objects.filter(
        organisation_id__in=not_started
    ).values_list("network_id", "organisation_id"):
        by_network[network_id].append(not_started[org_id])
    coordinators = defaultdict(list)
    for role in Role.objects.filter(
        kind=RoleKind.NETWORK_COORDINATOR, network_id__in=by_network
    ).select_related("user"):
        coordinators[role.network_id].append(role)
    messages = []
    for network_id, units in by_network.items():
        to = _emails(coordinators.get(network_id, []))
        if to:
            messages.append(_message(rnd, to, units, today))
    return messages


def _message(rnd: Round, to: list[str], units: list[Assessment], today: dt.date) -> Message:
    with translation.override("th"):
        body = render_to_string(
            "assessments/reminder.txt", {"round": rnd, "units": units, "today": today}
        )
    subject = f"[{rnd.province.name_th}] แจ้งเตือนการประเมินตนเอง: {rnd.name}"
    return subject, body, settings.DEFAULT_FROM_EMAIL, to
