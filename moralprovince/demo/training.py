"""Training demo: the moral-promotion trainer course of 17–18 March 2020 (the NACC-funded
civil-network project, southern group, batch 1) with sample trainees, their attendance and
tests, and the trainers' register that their completion fills.

The course, its dates and its funder are those of the Moral Center's news of 18 March 2020
(moralcenter.or.th, pr-news 454-18-03-63);
the trainees, their scores and the trainers' details are sample data, marked as such.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from moralprovince.accounts.access import SYSTEM
from moralprovince.geo.models import District, Province, Subdistrict
from moralprovince.organisations.models import Organisation
from moralprovince.people import services
from moralprovince.people.models import (
    Batch,
    Course,
    EnrolmentSource,
    Partner,
    PartnerKind,
    Person,
    Sex,
    Trainer,
    TrainerSource,
    TrainingSession,
)
from moralprovince.people.services import (
    BatchInput,
    CourseInput,
    PersonInput,
    Scores,
    SessionInput,
    TrainerInput,
)
from moralprovince.plans.models import Activity

COURSE = CourseInput(
    title="หลักสูตรวิทยากรส่งเสริมคุณธรรม",
    funder="สำนักงาน ป.ป.ช. โครงการเสริมสร้างเครือข่ายภาคประชาชนต่อต้านการทุจริต",
    target_group="แกนนำเครือข่ายทางสังคม 8 เครือข่าย จังหวัดสุราษฎร์ธานี",
    topics="คุณธรรม 4 ประการ พอเพียง วินัย สุจริต จิตอาสา\n"
    "การต่อต้านการทุจริตและความซื่อสัตย์สุจริต\n"
    "การปลูกพลังบวกและกระบวนการมีส่วนร่วม\n"
    "เทคนิคการเป็นวิทยากร",
    hours=Decimal(12),
    min_hours=Decimal(9),
    test_max_score=Decimal(20),
    min_post_score=Decimal(12),
    is_trainer_course=True,
    is_sample=True,
)
DAY1, DAY2 = dt.date(2020, 3, 17), dt.date(2020, 3, 18)
SESSIONS = [
    (DAY1, "คุณธรรม 4 ประการ พอเพียง วินัย สุจริต จิตอาสา", 0),
    (DAY1, "การต่อต้านการทุจริตและความซื่อสัตย์สุจริต", 1),
    (DAY2, "การปลูกพลังบวกและกระบวนการมีส่วนร่วม", 0),
    (DAY2, "เทคนิคการเป็นวิทยากร และฝึกปฏิบัติ", 1),
]
# Sample trainers who lead the sessions, added to the register by the province.
LEADERS = [
    ("นางสาวกรองทอง ตัวอย่าง", Sex.FEMALE, "ศูนย์คุณธรรม (องค์การมหาชน)", "8401"),
    ("นายธีรพงษ์ ตัวอย่าง", Sex.MALE, "ศูนย์คุณธรรม (องค์การมหาชน)", "8413"),
]
# Sample trainees: name, sex, sessions attended (of 4), pre-test, post-test (of 20).
TRAINEES = [
    ("นางสาวกมลา ตัวอย่าง", Sex.FEMALE, 4, 9, 17),
    ("นายชัยวัฒน์ ตัวอย่าง", Sex.MALE, 4, 11, 16),
    ("นางดารุณี ตัวอย่าง", Sex.FEMALE, 4, 8, 15),
    ("นายณรงค์ ตัวอย่าง", Sex.MALE, 3, 10, 14),
    ("นางสาวธิดา ตัวอย่าง", Sex.FEMALE, 4, 7, 13),
    ("นายประเสริฐ ตัวอย่าง", Sex.MALE, 4, 12, 18),
    ("นางพิมพ์ใจ ตัวอย่าง", Sex.FEMALE, 3, 9, 12),
    ("นายวีระ ตัวอย่าง", Sex.MALE, 2, 8, 14),
    ("นางสาวศิริพร ตัวอย่าง", Sex.FEMALE, 4, 6, 11),
    ("นายสมเกียรติ ตัวอย่าง", Sex.MALE, 4, 10, 15),
    ("นางอรุณี ตัวอย่าง", Sex.FEMALE, 4, 11, 19),
    ("นายอำนาจ ตัวอย่าง", Sex.MALE, 1, 9, None),
]
# Trainees who chose to be listed on the public province page, and the districts they serve.
PUBLIC = {"นางสาวกมลา ตัวอย่าง", "นายประเสริฐ ตัวอย่าง"}
DISTRICTS = ["8401", "8413", "8406", "8410"]


def load_training(province: Province) -> None:
    """The course of 17–18 March 2020 with its batch, trainees and register, once."""
    if Course.objects.filter(province=province, title=COURSE.title).exists():
        return
    organiser = _moral_center(province)
    course = services.save_course(
        actor=SYSTEM,
        province=province,
        data=CourseInput(**{**COURSE.__dict__, "organiser": organiser}),
    )
    batch = services.save_batch(
        actor=SYSTEM,
        course=course,
        data=BatchInput(
            name="กลุ่มภาคใต้ รุ่นที่ 1",
            starts_on=DAY1,
            ends_on=DAY2,
            venue=Subdistrict.objects.filter(district_id="8401").order_by("code").first(),
            venue_name="อำเภอเมืองสุราษฎร์ธานี",
            is_sample=True,
        ),
    )
    leaders = [_leader(province, *spec) for spec in LEADERS]
    sessions = [
        services.save_session(
            actor=SYSTEM,
            batch=batch,
            data=SessionInput(date=day, hours=Decimal(3), topic=topic, trainer=leaders[lead]),
        )
        for day, topic, lead in SESSIONS
    ]
    _trainees(province, batch, sessions)
    _register(province)


def _moral_center(province: Province) -> Partner:
    partner, _created = Partner.objects.get_or_create(
        province=province,
        name_th="ศูนย์คุณธรรม (องค์การมหาชน)",
        defaults={
            "name_en": "Moral Center (Public Organization)",
            "kind": PartnerKind.AGENCY,
            "does_training": True,
            "website": "https://moralcenter.or.th/",
        },
    )
    return partner


def _leader(province: Province, name: str, sex: str, organisation: str, district: str) -> Person:
    trainer = services.add_trainer(
        actor=SYSTEM,
        province=province,
        data=PersonInput(name_th=name, sex=sex, organisation_name=organisation, is_sample=True),
        trainer_data=TrainerInput(
            topics=COURSE.topics, districts=list(District.objects.filter(pk=district))
        ),
    )
    return trainer.person


def _trainees(province: Province, batch: Batch, sessions: list[TrainingSession]) -> None:
    organisations = list(Organisation.objects.filter(province=province).order_by("pk")[:12])
    attended: set[tuple[int, int]] = set()
    scores: dict[int, Scores] = {}
    for n, (name, sex, count, pre, post) in enumerate(TRAINEES):
        organisation = organisations[n % len(organisations)] if organisations else None
        data = PersonInput(
            name_th=name,
            sex=sex,
            organisation=organisation,
            phone=f"08{n:08d}",
            email=f"trainee{n + 1}@example.org",
            is_sample=True,
        )
        person = services.new_person(SYSTEM, province.pk, data)
        enrolment, _created = services.enrol_once(
            SYSTEM, batch, person, services.purpose_of(batch), EnrolmentSource.SHEET
        )
        attended |= {(s.pk, enrolment.pk) for s in sessions[:count]}
        scores[enrolment.pk] = Scores(Decimal(pre), None if post is None else Decimal(post))
    services.record_results(actor=SYSTEM, batch=batch, attended=attended, scores=scores)


def _register(province: Province) -> None:
    """Give the register's sample trainers their districts, list two publicly, and pick one
    for a key activity of the FY2564 plan."""
    districts = {d.pk: d for d in District.objects.filter(pk__in=DISTRICTS)}
    course_trainers = Trainer.objects.filter(province=province, source=TrainerSource.COURSE)
    for n, trainer in enumerate(course_trainers.order_by("person__name_th")):
        served = [districts[c] for c in DISTRICTS[n % 2 :: 2] if c in districts]
        services.update_trainer(
            actor=SYSTEM,
            trainer=trainer,
            data=TrainerInput(
                topics=trainer.topics,
                districts=served,
                is_public=trainer.person.name_th in PUBLIC,
            ),
        )
    activity = (
        Activity.objects.filter(province=province, plan__fiscal_year=2564)
        .order_by("plan_id", "number")
        .first()
    )
    first = course_trainers.order_by("person__name_th").first()
    if activity is not None and first is not None:
        services.pick_trainer(actor=SYSTEM, activity=activity, trainer=first)
