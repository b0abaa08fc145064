"""E-mails to a province's admins before one of its MOUs ends (`send_reminders`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from moralprovince.monitoring.access import people_answering_for
from moralprovince.partnerships.models import Mou

# After the first reminder (MOU_REMINDER_DAYS before the end), again this many days before.
FOLLOW_UP_DAYS = (30, 7)


def reminder_days() -> set[int]:
    first = int(settings.MOU_REMINDER_DAYS)
    return {first} | {days for days in FOLLOW_UP_DAYS if days < first}


def mou_reminders(today: dt.date) -> list[tuple[str, str, str, list[str]]]:
    """One message per MOU ending in exactly one of the reminder days from today.

    The command runs once a day, so each MOU is reminded of once at each of those days.
    """
    ends = [today + dt.timedelta(days=days) for days in reminder_days()]
    messages = []
    for mou in Mou.objects.filter(ends_on__in=ends).select_related("province__programme"):
        admins = people_answering_for(mou.province_id, None, None)
        to = sorted({u.email for u in admins if u.email and u.is_active})
        if to:
            messages.append(_message(mou, to, today))
    return messages


def _message(mou: Mou, to: list[str], today: dt.date) -> tuple[str, str, str, list[str]]:
    days = (mou.ends_on - today).days
    with translation.override("th"):
        body = render_to_string(
            "partnerships/mou_reminder.txt", {"mou": mou, "days": days, "today": today}
        )
    subject = f"[{mou.province.name_th}] บันทึกข้อตกลงความร่วมมือจะสิ้นสุดในอีก {days} วัน: {mou.title}"
    return subject, body, settings.DEFAULT_FROM_EMAIL, to
