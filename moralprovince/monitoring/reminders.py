"""Reminder e-mails to the people of each unit that owes values or activity reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from moralprovince.lib.fiscal import fiscal_year_of
from moralprovince.monitoring import access
from moralprovince.monitoring.queries import Owed, status_board
from moralprovince.organisations.models import Programme


def recipients(province_id: str, owed: Owed) -> list[str]:
    """The addresses of the people who answer for the unit that owes."""
    people = access.people_answering_for(province_id, owed.network, owed.organisation)
    return sorted({p.email for p in people if p.email and p.is_active})


# The last quarter of a year ends on 30 September and is owed in the weeks after: the
# previous year is still reminded of for this long into the new one.
PREVIOUS_YEAR_REMINDED = dt.timedelta(days=92)


def reminded_years(today: dt.date) -> list[int]:
    """The fiscal years whose values and reports are reminded of today."""
    return sorted({fiscal_year_of(today - PREVIOUS_YEAR_REMINDED), fiscal_year_of(today)})


Message = tuple[str, str, str, list[str]]
# Reminders of other apps (an MOU about to end…), each a function of the day giving messages
# in the same shape; the apps register them from their `AppConfig.ready`.
EXTRA_REMINDERS: list[Callable[[dt.date], list[Message]]] = []


def reminder_messages(today: dt.date) -> list[tuple[str, str, str, list[str]]]:
    messages: list[tuple[str, str, str, list[str]]] = []
    for programme in Programme.objects.select_related("province"):
        for fiscal_year in reminded_years(today):
            for owed in status_board(programme.province_id, fiscal_year, today):
                if not owed.values and not owed.reports:
                    continue  # Only values awaiting the province's review: nothing to send.
                to = recipients(programme.province_id, owed)
                if to:
                    messages.append(_message(programme, owed, to, today))
    for extra in EXTRA_REMINDERS:
        messages.extend(extra(today))
    return messages


def _message(
    programme: Any, owed: Owed, to: list[str], today: dt.date
) -> tuple[str, str, str, list[str]]:
    with translation.override("th"):
        body = render_to_string(
            "monitoring/reminder.txt", {"programme": programme, "owed": owed, "today": today}
        )
    subject = f"[{programme.name_th}] แจ้งเตือนการรายงานผล ปีงบประมาณ {owed.fiscal_year}: {owed.unit}"
    return subject, body, settings.DEFAULT_FROM_EMAIL, to


def send_reminders(today: dt.date) -> int:
    """Send one e-mail per unit that is late; return how many were sent."""
    messages = reminder_messages(today)
    return send_mass_mail(messages, fail_silently=False)
