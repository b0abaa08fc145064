"""Knowledge demo: the source article as a published news post, the Surat Thani timeline as
short posts linking to their public sources, the FY2563 provincial assembly, two sample
lessons-learned cases and the "Thai families without violence" research programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from django.utils.html import escape

from moralprovince.accounts.access import SYSTEM
from moralprovince.geo.models import Province
from moralprovince.knowledge import services
from moralprovince.knowledge.models import (
    Assembly,
    LessonCase,
    NewsPost,
    ResearchProject,
    Resolution,
)
from moralprovince.knowledge.services import Item, NewsInput
from moralprovince.organisations.models import Organisation

CONTENT = Path(__file__).resolve().parent / "content"
# The article's body is read from CONTENT when it is loaded.
ARTICLE = NewsInput(
    title="ศูนย์คุณธรรม ร่วมมือ ภาคีวิชาการและแกนนำเครือข่ายทางสังคม ขับเคลื่อนสุราษฎร์ธานีจังหวัดคุณธรรม ปี 2",
    body="",
    event_date=dt.date(2020, 11, 13),
    author="จักราชัย ทองเพ็ชร์ / กลุ่มงานสื่อสารและรณรงค์ทางสังคม",
    photographer="จักราชัย ทองเพ็ชร์",
    tags="จังหวัดคุณธรรม, ภาคีวิชาการ, เครือข่ายทางสังคม",
    source_url="https://moralcenter.or.th/ข่าวและกิจกรรม/pr-news/559-news_13-11-63.html",
)
BASE = "https://moralcenter.or.th/ข่าวและกิจกรรม/pr-news/"
TIMELINE = [
    (
        (2019, 11, 26),
        "ประชุมชี้แจงหน่วยงานขับเคลื่อนจังหวัดคุณธรรม ภายใต้โครงการสมัชชาคุณธรรม",
        BASE + "389-26-11-62-01.html",
    ),
    (
        (2020, 2, 6),
        "ระดมความคิดเห็นกลุ่มย่อย 8 เครือข่ายทางสังคม สุราษฎร์ธานีจังหวัดคุณธรรม",
        BASE + "425-06-02-63.html",
    ),
    (
        (2020, 3, 18),
        "อบรมหลักสูตรวิทยากรส่งเสริมคุณธรรม รุ่นที่ 1 เครือข่ายภาคประชาชนต่อต้านการทุจริต",
        BASE + "454-18-03-63.html",
    ),
    (
        (2020, 8, 25),
        "สมัชชาคุณธรรมจังหวัดสุราษฎร์ธานี องค์กรกว่า 98 แห่งร่วมประกาศเจตนารมณ์",
        BASE + "532-news_25082020.html",
    ),
    ((2020, 12, 25), "คณะประเมินลงพื้นที่อำเภอคุณธรรม อำเภอบ้านนาเดิม", BASE + "577-25122563.html"),
    (
        (2021, 10, 26),
        "ประชุมคณะทำงานครั้งที่ 1/2565 แกนนำ 8 เครือข่ายและองค์กรต้นแบบ 50 แห่ง",
        BASE + "721-news-27-10-64-1.html",
    ),
]
CASES = [
    (
        "โรงเรียนคุณธรรมกับการแก้ปัญหาการมาสาย (ข้อมูลตัวอย่าง)",
        "school",
        "นักเรียนมาสายและขาดวินัยในการเข้าแถว",
        "กำหนดคุณธรรมเป้าหมาย วินัย ร่วมกันระหว่างครู นักเรียน และผู้ปกครอง จัดเวรเพื่อนช่วยเพื่อน",
        "นักเรียนมาสายลดลงชัดเจนภายในหนึ่งภาคเรียน",
        "ผู้ปกครองมีส่วนร่วม ผู้บริหารให้ความสำคัญ",
        "การติดตามต่อเนื่องช่วงปิดภาคเรียน",
        "เริ่มจากปัญหาที่ทุกคนเห็นร่วมกันทำให้เกิดความร่วมมือ",
    ),
    (
        "วัดเป็นศูนย์กลางชุมชนคุณธรรมตามหลักบวร (ข้อมูลตัวอย่าง)",
        "religious",
        "ชุมชนขาดพื้นที่ทำกิจกรรมร่วมกัน",
        "ใช้วัดเป็นศูนย์กลางกิจกรรมจิตอาสาและตลาดนัดคุณธรรม นำมติสมัชชาไปสู่การปฏิบัติ",
        "ชุมชนมีกิจกรรมจิตอาสาทุกเดือน",
        "ความศรัทธาต่อวัด ผู้นำชุมชนเข้มแข็ง",
        "งบประมาณจำกัด",
        "พลังบวร บ้าน วัด โรงเรียน ช่วยให้การขับเคลื่อนยั่งยืน",
    ),
]


def load_knowledge(province: Province) -> None:
    if NewsPost.objects.filter(province=province).exists():
        return
    body = "".join(
        f"<p>{escape(p)}</p>"
        for p in (CONTENT / "news-2563-11-13.txt").read_text("utf-8").splitlines()
        if p.strip()
    )
    _published(NewsPost(province=province), replace(ARTICLE, body=body))
    for day, title, url in TIMELINE:
        text = f"<p>{escape(title)} (สรุปจากข่าวศูนย์คุณธรรม ดูรายละเอียดจากแหล่งที่มา)</p>"
        data = NewsInput(
            title=title, body=text, event_date=dt.date(*day), source_url=url, author="ศูนย์คุณธรรม"
        )
        _published(NewsPost(province=province, is_sample=True), data)
    resolution = _assembly(province)
    for spec in CASES:
        _case(province, resolution, spec)
    _research(province)


def _published(item: Item, data: services.ItemInput) -> Item:
    services.create_item(actor=SYSTEM, item=item, data=data)
    return services.publish_item(actor=SYSTEM, item=item)


def _assembly(province: Province) -> Resolution:
    organisations = list(Organisation.objects.filter(province=province).order_by("pk")[:98])
    assembly = _published(
        Assembly(province=province, is_sample=True),
        services.AssemblyInput(
            title="สมัชชาคุณธรรมจังหวัดสุราษฎร์ธานี ปี 2563",
            level=Assembly.Level.PROVINCIAL,
            held_on=dt.date(2020, 8, 25),
            theme="สุราษฎร์ธานี เมืองคนดี มีวินัย ใจสะอาด ไม่ขาดคุณธรรม",
            declaration="องค์กรภาคีกว่า 98 แห่งร่วมประกาศเจตนารมณ์ขับเคลื่อนสุราษฎร์ธานีจังหวัดคุณธรรม",
            proposals="ส่งเสริมคุณธรรม พอเพียง วินัย สุจริต จิตอาสา ผ่าน 8 เครือข่ายทางสังคม (ข้อมูลตัวอย่าง)",
            organisations=organisations,
        ),
    )
    return services.record_resolution(
        actor=SYSTEM,
        assembly=assembly,
        data=services.ResolutionInput(
            number=1,
            text="ทุกองค์กรกำหนดคุณธรรมเป้าหมายและแผนส่งเสริมคุณธรรมขององค์กร (ข้อมูลตัวอย่าง)",
        ),
    )


def _case(province: Province, resolution: Resolution, spec: tuple[str, ...]) -> None:
    title, kind, context, done, results, factors, difficulties, lessons = spec
    organisation = Organisation.objects.filter(
        province=province, kind__code=kind, is_sample=True
    ).order_by("pk")[0]
    data = services.CaseInput(
        organisation=organisation,
        title=title,
        context=context,
        what_was_done=done,
        results=results,
        success_factors=factors,
        difficulties=difficulties,
        lessons=lessons,
        resolution=resolution,
    )
    _published(LessonCase(province=province, is_sample=True), data)
    services.adopt_resolution(
        actor=SYSTEM,
        resolution=resolution,
        organisation=organisation,
        data=services.AdoptionInput(commitment=context, actions=done),
    )


def _research(province: Province) -> None:
    lead = Organisation.objects.get(province=province, name_th="มหาวิทยาลัยราชภัฏสุราษฎร์ธานี")
    partners = Organisation.objects.filter(province=province, kind__code="university").exclude(
        pk=lead.pk
    )
    _published(
        ResearchProject(province=province, is_sample=True),
        services.ResearchInput(
            title="ชุดแผนงานครอบครัวไทยไร้ความรุนแรง",
            lead=lead,
            partners=list(partners),
            start=dt.date(2021, 1, 1),
            end=dt.date(2022, 9, 30),
            funding="สำนักงานการวิจัยแห่งชาติ (วช.)",
            area="4 จังหวัด รวมสุราษฎร์ธานี",
            summary="ชุดแผนงานวิจัยที่ใช้แนวคิดต้นทุนชีวิตเพื่อป้องกันความรุนแรงในครอบครัว (ข้อมูลตัวอย่างของโครงการในจังหวัด)",
            outputs="รูปแบบการเสริมสร้างครอบครัวเข้มแข็งในชุมชน (ข้อมูลตัวอย่าง)",
        ),
    )
