"""A small world of meetings for the tests: the province's meeting of 13 November 2020 with
a decision and its actions, a working group of the education network, partners and an MOU."""

from __future__ import annotations

import datetime as dt

from moralprovince.partnerships.models import (
    ActionItem,
    ActionStatus,
    Body,
    Decision,
    Meeting,
    Mou,
    MouParty,
    Participant,
)
from moralprovince.people.models import Partner, PartnerKind, Person
from moralprovince.testing import MoralTestCase

NOVEMBER_13 = dt.date(2020, 11, 13)


class PartnershipTestCase(MoralTestCase):
    chair: Person
    member: Person
    partner: Partner
    meeting: Meeting
    network_meeting: Meeting
    decision: Decision
    action: ActionItem
    mou: Mou

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.chair = Person.objects.create(
            province=cls.surat,
            name_th="นายสาโรช กาญจนพงศ์",
            position="รองผู้ว่าราชการจังหวัดสุราษฎร์ธานี",
        )
        cls.member = Person.objects.create(
            province=cls.surat, name_th="นางสาวใจดี มีสุข", phone="0812345678"
        )
        cls.partner = Partner.objects.create(
            province=cls.surat,
            name_th="มหาวิทยาลัยราชภัฏสุราษฎร์ธานี",
            kind=PartnerKind.UNIVERSITY,
            does_research=True,
            does_evaluation=True,
        )
        cls.meeting = Meeting.objects.create(
            province=cls.surat,
            title="ประชุมหารือแกนนำคณะทำงานเครือข่ายทางสังคม",
            body=Body.SUBCOMMITTEE,
            held_on=NOVEMBER_13,
            starts_at=dt.time(9, 0),
            ends_at=dt.time(16, 0),
            place="ห้องประชุมราชพฤกษ์ 1",
            chair=cls.chair,
        )
        Participant.objects.create(meeting=cls.meeting, person=cls.member, attended=True)
        Participant.objects.create(meeting=cls.meeting, partner=cls.partner, attended=True)
        cls.network_meeting = Meeting.objects.create(
            province=cls.surat,
            title="ประชุมคณะทำงานเครือข่ายภาคการศึกษา",
            body=Body.NETWORK,
            network=cls.education,
            held_on=dt.date(2021, 2, 10),
        )
        cls.decision = Decision.objects.create(
            meeting=cls.meeting, number=1, text="ให้ทุกเครือข่ายจัดทำแผนปีที่ 2"
        )
        cls.action = ActionItem.objects.create(
            province=cls.surat,
            decision=cls.decision,
            title="จัดทำแผนเครือข่ายภาคการศึกษา",
            owner_network=cls.education,
            due_on=dt.date(2020, 12, 31),
        )
        ActionItem.objects.create(
            province=cls.surat,
            decision=cls.decision,
            title="สรุปรายงานการประชุม",
            owner_person=cls.member,
            due_on=dt.date(2020, 11, 30),
            status=ActionStatus.DONE,
        )
        cls.mou = Mou.objects.create(
            province=cls.surat,
            title="บันทึกข้อตกลงความร่วมมือด้านวิชาการ",
            starts_on=dt.date(2020, 11, 13),
            ends_on=dt.date(2023, 9, 30),
        )
        MouParty.objects.create(mou=cls.mou, partner=cls.partner, signatory="อธิการบดี")
