"""Province admins are reminded before an MOU ends, through the daily reminder command."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from moralprovince.monitoring.reminders import reminder_messages
from moralprovince.partnerships.reminders import mou_reminders
from moralprovince.partnerships.tests.base import PartnershipTestCase


class MouReminderTests(PartnershipTestCase):
    def setUp(self) -> None:
        self.admin.email = "admin@surat.example"
        self.admin.save(update_fields=["email"])
        self.outsider.email = "admin@chiangrai.example"
        self.outsider.save(update_fields=["email"])

    def test_the_admins_are_told_90_days_before_the_end(self):
        today = self.mou.ends_on - dt.timedelta(days=90)
        [(subject, body, _sender, to)] = mou_reminders(today)
        self.assertEqual(to, ["admin@surat.example"])
        self.assertIn("90", subject)
        self.assertIn(self.mou.title, body)
        self.assertIn("30 กันยายน 2566", body)
        self.assertIn("มหาวิทยาลัยราชภัฏสุราษฎร์ธานี", body)

    def test_the_reminder_command_sends_it_with_the_others(self):
        today = self.mou.ends_on - dt.timedelta(days=90)
        subjects = [m[0] for m in reminder_messages(today)]
        self.assertTrue(any(self.mou.title in s for s in subjects))

    def test_no_reminder_on_other_days(self):
        for days in (91, 89, 31, 0):
            self.assertEqual(mou_reminders(self.mou.ends_on - dt.timedelta(days=days)), [])

    @override_settings(MOU_REMINDER_DAYS=60)
    def test_the_number_of_days_is_a_setting(self):
        self.assertEqual(mou_reminders(self.mou.ends_on - dt.timedelta(days=90)), [])
        self.assertEqual(len(mou_reminders(self.mou.ends_on - dt.timedelta(days=60))), 1)
