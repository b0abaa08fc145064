"""The meeting of the source article (13 November 2020), a working-group meeting later in
FY2564 that follows up its actions, the five MOU partners it names, and one MOU.

What the article says is kept as it says it: the date, the chair, the Moral Center's
manager, the place, the topics and the five partners. The rest (times, who else attended,
the decisions' wording, the actions, the later meeting, the MOU's dates and commitments,
the partners' roles) is sample data and marked so.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from moralprovince.accounts.access import SYSTEM
from moralprovince.geo.models import Province
from moralprovince.knowledge.models import NewsPost
from moralprovince.lib.thaitext import normalise
from moralprovince.organisations.models import Network, Organisation
from moralprovince.partnerships import services
from moralprovince.partnerships.models import ActionStatus, Body, Meeting
from moralprovince.partnerships.services import (
    ActionInput,
    MeetingInput,
    MouInput,
    ParticipantInput,
    PartnerInput,
    PartyInput,
)
from moralprovince.people.models import Partner, PartnerKind, Person

ARTICLE_URL = "https://moralcenter.or.th/ข่าวและกิจกรรม/pr-news/559-news_13-11-63.html"
NOVEMBER_13 = dt.date(2020, 11, 13)

# The five partners of the academic-cooperation MOU, as the article names them; their roles
# are sample data.
PARTNERS = [
    (
        "มหาวิทยาลัยราชภัฏสุราษฎร์ธานี",
        "Suratthani Rajabhat University",
        PartnerKind.UNIVERSITY,
        "research evaluation training",
    ),
    ("มหาวิทยาลัยตาปี", "Taphi University", PartnerKind.UNIVERSITY, "research evaluation"),
    (
        "มหาวิทยาลัยสงขลานครินทร์ วิทยาเขตสุราษฎร์ธานี",
        "Prince of Songkla University, Surat Thani Campus",
        PartnerKind.UNIVERSITY,
        "research evaluation",
    ),
    ("สำนักงานจังหวัดสุราษฎร์ธานี", "Surat Thani Provincial Office", PartnerKind.AGENCY, "funding"),
    (
        "สำนักงานวัฒนธรรมจังหวัดสุราษฎร์ธานี",
        "Surat Thani Provincial Cultural Office",
        PartnerKind.AGENCY,
        "training funding",
    ),
]
# Named in the article.
CHAIR = ("นายสาโรช กาญจนพงศ์", "รองผู้ว่าราชการจังหวัดสุราษฎร์ธานี")
MORAL_CENTER = ("นายยงจิรายุ อุปเสน", "ผู้จัดการสำนักส่งเสริมและขับเคลื่อนเครือข่ายทางสังคม ศูนย์คุณธรรม")
PLACE = (
    "ห้องประชุมราชพฤกษ์ 1 ชั้น 2 อาคารสำนักงานอธิการบดี มหาวิทยาลัยราชภัฏสุราษฎร์ธานี "
    "ตำบลขุนทะเล อำเภอเมือง จังหวัดสุราษฎร์ธานี"
)
AGENDA = [
    "(ช่วงเช้า) แนวทางการเสริมหนุน เป้าหมายและแผนการขับเคลื่อนจังหวัดคุณธรรม ปีที่ 2 บนหลักการจัดการความรู้ (KM)",
    "(ช่วงเช้า) การดำเนินโครงการสำรวจต้นทุนชีวิตเด็กและเยาวชน",
    "(ช่วงเช้า) โครงการวิจัย ชุดแผนงานครอบครัวไทยไร้ความรุนแรง",
    "(ช่วงเช้า) การอบรมพัฒนาศักยภาพแกนนำ “วิทยากรส่งเสริมคุณธรรม”",
    "(ช่วงเช้า) การขับเคลื่อน ติดตามประเมินผล และถอดบทเรียนองค์กรคุณธรรมที่นำมติสมัชชาไปสู่การปฏิบัติ",
    "(ช่วงเช้า) บทบาทและแนวทางการดำเนินงานภายใต้บันทึกข้อตกลงความร่วมมือ (MOU) ด้านวิชาการ",
    "(ช่วงบ่าย) เป้าหมายกิจกรรมสำคัญ ระยะเวลา และแนวทางการขับเคลื่อนของเครือข่ายทางสังคม 8 เครือข่าย ปีที่ 2",
]
MINUTES = (
    "<p>รองผู้ว่าราชการจังหวัดสุราษฎร์ธานี ประธานในที่ประชุม กล่าวว่า การจัดทำแผนขับเคลื่อน"
    "สุราษฎร์ธานีจังหวัดคุณธรรม จำเป็นต้องจัดทำแผนในทุกภาคส่วน และแผนต้องเชื่อมโยงกับ"
    "“คุณธรรม” ภายใต้การกำหนดตัวชี้วัดขององค์กรและจังหวัด</p>"
    "<p>ช่วงเช้า ภาคีวิชาการหารือแนวทางความร่วมมือด้านวิชาการ ช่วงบ่าย แกนนำเครือข่ายทางสังคม "
    "8 เครือข่ายหารือเป้าหมายกิจกรรมสำคัญตามประกาศเจตนารมณ์และร่างแผนภาพรวมของจังหวัด (ปีที่ 2) "
    "ผู้เข้าร่วมประชุมกว่า 30 คน</p>"
    "<p>(มติและการมอบหมายงานด้านล่างเป็นข้อมูลตัวอย่าง)</p>"
)
# (decision, [(action, owner kind, owner index, due, status)]) — sample data.
DECISIONS = [
    (
        "ให้แต่ละเครือข่ายจัดทำแผนกิจกรรมสำคัญปีที่ 2 ให้สอดคล้องกับประกาศเจตนารมณ์และร่างแผนภาพรวมของจังหวัด (ข้อมูลตัวอย่าง)",
        [
            (
                "เครือข่ายภาคการศึกษาส่งแผนกิจกรรมสำคัญปีที่ 2",
                "network",
                3,
                (2020, 12, 15),
                ActionStatus.OPEN,
            ),
            (
                "เครือข่ายศาสนาส่งแผนกิจกรรมสำคัญปีที่ 2",
                "network",
                4,
                (2020, 12, 15),
                ActionStatus.IN_PROGRESS,
            ),
        ],
    ),
    (
        "ให้ภาคีวิชาการดำเนินการสำรวจต้นทุนชีวิตเด็กและเยาวชนในปีงบประมาณ 2564 (ข้อมูลตัวอย่าง)",
        [
            (
                "จัดทำแผนการเก็บข้อมูลต้นทุนชีวิตในโรงเรียนนำร่อง",
                "organisation",
                0,
                (2021, 3, 31),
                ActionStatus.IN_PROGRESS,
            )
        ],
    ),
    (
        "ให้จัดอบรมวิทยากรส่งเสริมคุณธรรมรุ่นที่ 2 (ข้อมูลตัวอย่าง)",
        [
            (
                "เสนอหลักสูตรและงบประมาณการอบรมวิทยากร",
                "organisation",
                0,
                (2021, 1, 31),
                ActionStatus.OPEN,
            ),
            ("จัดหาสถานที่อบรมในอำเภอไชยา", "organisation", 4, (2021, 1, 15), ActionStatus.DROPPED),
        ],
    ),
]
LATER = MeetingInput(
    title="ประชุมคณะทำงานขับเคลื่อนสุราษฎร์ธานีจังหวัดคุณธรรม (ข้อมูลตัวอย่าง)",
    number="2/2564",
    body=Body.WORKING_GROUP,
    held_on=dt.date(2021, 3, 10),
    starts_at=dt.time(13, 30),
    ends_at=dt.time(16, 0),
    place="ห้องประชุมสำนักงานวัฒนธรรมจังหวัดสุราษฎร์ธานี",
    minutes="<p>ติดตามงานตามมติการประชุมวันที่ 13 พฤศจิกายน 2563 (ข้อมูลตัวอย่าง)</p>",
)


def load_partnerships(province: Province, networks: list[Network]) -> None:
    """The partners, the article's meeting and its follow-up, and the MOU, once."""
    if Meeting.objects.filter(province=province).exists():
        return
    partners = [_partner(province, spec) for spec in PARTNERS]
    chair = _person(province, *CHAIR, sample=False)
    meeting = _article_meeting(province, chair, partners, networks)
    later = services.create_meeting(actor=SYSTEM, province=province, data=LATER)
    _mark(later)
    services.carry_forward(actor=SYSTEM, meeting=later)
    # The education network's plan came in: closed at the later meeting.
    first = meeting.decisions.get(number=1).actions.get(owner_network__number=3)
    services.update_action(
        actor=SYSTEM,
        action=first,
        status=ActionStatus.DONE,
        notes="ส่งแผนแล้ว (ข้อมูลตัวอย่าง)",
        at_meeting=later,
    )
    _mou(province, partners)


def _partner(province: Province, spec: tuple[str, str, str, str]) -> Partner:
    name_th, name_en, kind, roles = spec
    data = PartnerInput(
        name_th=name_th,
        name_en=name_en,
        kind=kind,
        does_research="research" in roles,
        does_evaluation="evaluation" in roles,
        does_training="training" in roles,
        does_funding="funding" in roles,
    )
    partner = Partner.objects.filter(province=province, name_th=name_th).first()
    partner = services.save_partner(actor=SYSTEM, province=province, data=data, partner=partner)
    Partner.objects.filter(pk=partner.pk).update(is_sample=True)
    return partner


def _person(
    province: Province,
    name: str,
    position: str,
    sample: bool = True,
    organisation: Organisation | None = None,
) -> Person:
    person, _created = Person.objects.get_or_create(
        province=province,
        name_th=name,
        defaults={
            "position": position,
            "organisation": organisation,
            "is_sample": sample,
            "consent_purpose": "บันทึกการเข้าร่วมประชุม",
            "consent_at": timezone.now(),
            "search_text": normalise(name),
        },
    )
    return person


def _mark(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(is_sample=True)


def _article_meeting(
    province: Province, chair: Person, partners: list[Partner], networks: list[Network]
) -> Meeting:
    news = NewsPost.objects.filter(province=province, source_url=ARTICLE_URL).first()
    data = MeetingInput(
        title=(
            "ประชุมหารือแนวทางความร่วมมือด้านวิชาการและแกนนำคณะทำงานเครือข่ายทางสังคม "
            "เพื่อการขับเคลื่อนสุราษฎร์ธานีจังหวัดคุณธรรม ปีงบประมาณ 2564 (ปีที่ 2)"
        ),
        body=Body.WORKING_GROUP,
        held_on=NOVEMBER_13,
        starts_at=dt.time(9, 0),
        ends_at=dt.time(16, 0),
        place=PLACE,
        chair=chair,
        minutes=MINUTES,
        news_post=news,
    )
    meeting = services.create_meeting(actor=SYSTEM, province=province, data=data)
    _mark(meeting)
    guest = _person(province, *MORAL_CENTER, sample=False)
    people = [guest] + [
        _person(
            province, f"แกนนำ{n.name_th} (ตัวอย่าง)", "แกนนำคณะทำงานเครือข่าย", organisation=n.chair
        )
        for n in networks
    ]
    for person in people:
        data_in = ParticipantInput(person=person, attended=True)
        services.add_participant(actor=SYSTEM, meeting=meeting, data=data_in)
    for partner in partners:
        services.add_participant(
            actor=SYSTEM, meeting=meeting, data=ParticipantInput(partner=partner, attended=True)
        )
    for title in AGENDA:
        services.add_agenda_item(actor=SYSTEM, meeting=meeting, title=title)
    organisations = [
        Organisation.objects.get(province=province, name_th=p.name_th) for p in partners
    ]
    by_number = {n.number: n for n in networks}
    for text, actions in DECISIONS:
        decision = services.add_decision(actor=SYSTEM, meeting=meeting, text=text)
        for title, kind, index, due, status in actions:
            owner = (
                {"owner_network": by_number[index]}
                if kind == "network"
                else {"owner_organisation": organisations[index]}
            )
            action = services.create_action(
                actor=SYSTEM,
                decision=decision,
                data=ActionInput(title=title, due_on=dt.date(*due), status=status, **owner),
            )
            action.is_sample = True
            action.save(update_fields=["is_sample"])
    return meeting


def _mou(province: Province, partners: list[Partner]) -> None:
    data = MouInput(
        title="บันทึกข้อตกลงความร่วมมือด้านวิชาการสนับสนุนการขับเคลื่อนสุราษฎร์ธานีจังหวัดคุณธรรม",
        signed_on=dt.date(2020, 12, 1),
        starts_on=dt.date(2020, 12, 1),
        ends_on=dt.date(2023, 9, 30),
        scope=(
            "ความร่วมมือด้านวิชาการ: การสำรวจต้นทุนชีวิตเด็กและเยาวชน การวิจัย การอบรมวิทยากร"
            "ส่งเสริมคุณธรรม การติดตามประเมินผล และการถอดบทเรียน (วันที่และรายละเอียดเป็นข้อมูลตัวอย่าง)"
        ),
        province_commitments="ประสานเครือข่ายทางสังคมและหน่วยงานในจังหวัด สนับสนุนข้อมูลและพื้นที่ดำเนินงาน",
        province_signatory="ผู้ว่าราชการจังหวัดสุราษฎร์ธานี",
    )
    mou = services.save_mou(actor=SYSTEM, province=province, data=data)
    mou.is_sample = True
    mou.save(update_fields=["is_sample"])
    commitments: dict[str, str] = {
        PartnerKind.UNIVERSITY: "สนับสนุนวิชาการ การวิจัย และการติดตามประเมินผล",
        PartnerKind.AGENCY: "สนับสนุนงบประมาณและการประสานงานในจังหวัด",
    }
    for partner in partners:
        services.add_party(
            actor=SYSTEM,
            mou=mou,
            data=PartyInput(
                partner=partner,
                signatory=f"ผู้บริหาร{partner.name_th}",
                commitments=commitments.get(partner.kind, ""),
            ),
        )
