"""Meetings, actions and MOUs as the services write them: bad input refused, nothing half-saved."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from moralprovince.audit.models import AuditEntry
from moralprovince.partnerships import services
from moralprovince.partnerships.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Body,
    Meeting,
    Mou,
)
from moralprovince.partnerships.services import ActionInput, MeetingInput, MouInput
from moralprovince.partnerships.tests.base import PartnershipTestCase


class ActionTests(PartnershipTestCase):
    def test_it_refuses_an_action_without_an_owner(self):
        data = ActionInput(title="ติดตามผล", due_on=dt.date(2021, 1, 31))
        with self.assertRaises(ValidationError) as raised:
            services.create_action(actor=self.admin, decision=self.decision, data=data)
        self.assertIn("owner_network", raised.exception.message_dict)
        self.assertFalse(ActionItem.objects.filter(title="ติดตามผล").exists())

    def test_it_refuses_an_action_with_two_owners(self):
        data = ActionInput(
            title="ติดตามผล",
            due_on=dt.date(2021, 1, 31),
            owner_network=self.education,
            owner_person=self.member,
        )
        with self.assertRaises(ValidationError):
            services.create_action(actor=self.admin, decision=self.decision, data=data)

    def test_the_database_holds_one_owner_whatever_writes_the_row(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            ActionItem.objects.create(
                province=self.surat, decision=self.decision, title="x", due_on=dt.date(2021, 1, 1)
            )

    def test_it_refuses_an_owner_of_another_province(self):
        data = ActionInput(
            title="ติดตามผล", due_on=dt.date(2021, 1, 31), owner_network=self.other_network
        )
        with self.assertRaises(ValidationError) as raised:
            services.create_action(actor=self.admin, decision=self.decision, data=data)
        self.assertIn("owner_network", raised.exception.message_dict)

    def test_carrying_forward_puts_each_open_action_on_the_agenda_once(self):
        later = Meeting.objects.create(
            province=self.surat,
            title="ประชุมครั้งที่ 2",
            body=Body.SUBCOMMITTEE,
            held_on=dt.date(2021, 3, 1),
        )
        items = services.carry_forward(actor=self.admin, meeting=later)
        # The done action stays behind; only the open one is carried.
        self.assertEqual([i.carried_action for i in items], [self.action])
        self.assertEqual(services.carry_forward(actor=self.admin, meeting=later), [])
        self.assertEqual(AgendaItem.objects.filter(meeting=later).count(), 1)

    def test_a_network_meeting_carries_only_its_network_actions(self):
        ActionItem.objects.create(
            province=self.surat,
            decision=self.decision,
            title="งานของเครือข่ายศาสนา",
            owner_network=self.religion,
            due_on=dt.date(2021, 1, 15),
        )
        items = services.carry_forward(actor=self.coordinator, meeting=self.network_meeting)
        self.assertEqual([i.carried_action for i in items], [self.action])

    def test_closing_an_action_at_a_later_meeting_records_that_meeting(self):
        services.carry_forward(actor=self.admin, meeting=self.network_meeting)
        closed = services.update_action(
            actor=self.admin,
            action=self.action,
            status=ActionStatus.DONE,
            notes="ส่งแผนแล้ว",
            at_meeting=self.network_meeting,
        )
        self.assertEqual(closed.closed_at, self.network_meeting)
        self.assertEqual(closed.closed_on, self.network_meeting.held_on)
        reopened = services.update_action(
            actor=self.admin, action=closed, status=ActionStatus.IN_PROGRESS, notes=""
        )
        self.assertIsNone(reopened.closed_at)

    def test_an_action_is_not_closed_at_an_earlier_meeting(self):
        earlier = Meeting.objects.create(
            province=self.surat, title="ก่อนหน้า", body=Body.OTHER, held_on=dt.date(2020, 1, 1)
        )
        with self.assertRaises(ValidationError):
            services.update_action(
                actor=self.admin,
                action=self.action,
                status=ActionStatus.DONE,
                notes="",
                at_meeting=earlier,
            )


class MeetingTests(PartnershipTestCase):
    def test_minutes_are_cleaned_and_the_meeting_logged(self):
        data = MeetingInput(
            title="ประชุมภาคีวิชาการ",
            held_on=dt.date(2020, 11, 13),
            body=Body.PARTNERS,
            minutes='<p onclick="x()">ที่ประชุมรับทราบ</p><script>alert(1)</script>',
        )
        meeting = services.create_meeting(actor=self.admin, province=self.surat, data=data)
        self.assertEqual(meeting.minutes, "<p>ที่ประชุมรับทราบ</p>")
        self.assertTrue(
            AuditEntry.objects.filter(
                action="partnerships.meeting.created", object_id=str(meeting.pk)
            ).exists()
        )

    def test_a_coordinator_records_only_their_own_network_meetings(self):
        data = MeetingInput(title="ประชุม", held_on=dt.date(2021, 1, 5), body=Body.SUBCOMMITTEE)
        with self.assertRaises(PermissionDenied):
            services.create_meeting(actor=self.coordinator, province=self.surat, data=data)
        own = MeetingInput(
            title="ประชุม", held_on=dt.date(2021, 1, 5), body=Body.NETWORK, network=self.education
        )
        self.assertEqual(
            services.create_meeting(actor=self.coordinator, province=self.surat, data=own).network,
            self.education,
        )


class MouTests(PartnershipTestCase):
    def test_it_refuses_an_mou_that_ends_before_it_starts(self):
        data = MouInput(title="MOU", starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2020, 12, 31))
        with self.assertRaises(ValidationError) as raised:
            services.save_mou(actor=self.admin, province=self.surat, data=data)
        self.assertIn("ends_on", raised.exception.message_dict)
        self.assertFalse(Mou.objects.filter(title="MOU").exists())

    def test_the_database_refuses_an_mou_ending_before_it_starts(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Mou.objects.create(
                province=self.surat,
                title="x",
                starts_on=dt.date(2021, 1, 1),
                ends_on=dt.date(2020, 1, 1),
            )

    def test_a_partner_is_a_party_once(self):
        data = services.PartyInput(partner=self.partner)
        with self.assertRaises(ValidationError):
            services.add_party(actor=self.admin, mou=self.mou, data=data)
