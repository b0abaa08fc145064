"""A trainer course of Surat Thani with one batch of two days, four sessions, and four
people enrolled, as the tests of the people app share it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from moralprovince.accounts.access import SYSTEM
from moralprovince.people.models import (
    Attendance,
    Batch,
    Course,
    Enrolment,
    Partner,
    Person,
    Sex,
    TrainingSession,
)
from moralprovince.testing import MoralTestCase

DAY1, DAY2 = dt.date(2020, 3, 17), dt.date(2020, 3, 18)


def make_person(province_id: str, name: str, sex: str = Sex.FEMALE, **extra: object) -> Person:
    person = Person(province_id=province_id, name_th=name, sex=sex, **extra)
    person.refresh_search_text()
    person.save()
    return person


class TrainingTestCase(MoralTestCase):
    course: Course
    batch: Batch
    sessions: list[TrainingSession]
    people: list[Person]
    enrolments: list[Enrolment]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        partner = Partner.objects.create(province=cls.surat, name_th="ศูนย์คุณธรรม")
        cls.course = Course.objects.create(
            province=cls.surat,
            title="หลักสูตรวิทยากรส่งเสริมคุณธรรม",
            organiser=partner,
            funder="สำนักงาน ป.ป.ช.",
            topics="ความซื่อสัตย์สุจริต\nจิตอาสา",
            hours=Decimal(12),
            min_hours=Decimal(9),
            test_max_score=Decimal(20),
            min_post_score=Decimal(12),
            is_trainer_course=True,
        )
        cls.batch = Batch.objects.create(
            course=cls.course,
            province=cls.surat,
            name="ภาคใต้ รุ่นที่ 1",
            starts_on=DAY1,
            ends_on=DAY2,
            enrol_open=True,
        )
        cls.sessions = [
            TrainingSession.objects.create(batch=cls.batch, date=day, hours=Decimal(3), topic=t)
            for day, t in ((DAY1, "เช้า"), (DAY1, "บ่าย"), (DAY2, "เช้า"), (DAY2, "บ่าย"))
        ]
        cls.people = [
            make_person("84", "นางสาวสมศรี ใจดี", phone="0811111111", email="somsri@example.org"),
            make_person("84", "นายสมชาย รักดี", Sex.MALE),
            make_person("84", "นางมาลี ศรีสุข"),
            make_person("84", "นายวิชัย ชอบธรรม", Sex.MALE),
        ]
        now = timezone.now()
        cls.enrolments = [
            Enrolment.objects.create(batch=cls.batch, person=p, purpose="training", consent_at=now)
            for p in cls.people
        ]

    def attend(self, enrolment: Enrolment, count: int) -> None:
        for session in self.sessions[:count]:
            Attendance.objects.get_or_create(session=session, enrolment=enrolment)

    def score(self, enrolment: Enrolment, pre: int | None, post: int | None) -> None:
        enrolment.pre_score = None if pre is None else Decimal(pre)
        enrolment.post_score = None if post is None else Decimal(post)
        enrolment.save()


__all__ = ["DAY1", "DAY2", "SYSTEM", "TrainingTestCase", "make_person"]
