"""Knowledge demo: the source article as a published news post, the Surat Thani timeline as
short posts linking to their public sources, the FY2563 provincial assembly, two sample
lessons-learned cases, the "Thai families without violence" research programme, and sample
news of each year with drawn photos, added through the same photo upload people use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from moralprovince.accounts.access import SYSTEM
from moralprovince.demo.photos import make_photo
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
from moralprovince.organisations.models import Network, Organisation
from moralprovince.plans.models import Activity

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
        (2021, 3, 26),
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
        (2021, 9, 10),
        "ชุมชนขาดพื้นที่ทำกิจกรรมร่วมกัน",
        "ใช้วัดเป็นศูนย์กลางกิจกรรมจิตอาสาและตลาดนัดคุณธรรม นำมติสมัชชาไปสู่การปฏิบัติ",
        "ชุมชนมีกิจกรรมจิตอาสาทุกเดือน",
        "ความศรัทธาต่อวัด ผู้นำชุมชนเข้มแข็ง",
        "งบประมาณจำกัด",
        "พลังบวร บ้าน วัด โรงเรียน ช่วยให้การขับเคลื่อนยั่งยืน",
    ),
]


def load_knowledge(province: Province) -> None:
    """The article, the timeline, the assembly, the cases and the research, once."""
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


def _case(province: Province, resolution: Resolution, spec: tuple) -> None:  # type: ignore[type-arg]
    title, kind, day, context, done, results, factors, difficulties, lessons = spec
    organisation = Organisation.objects.filter(
        province=province, kind__code=kind, is_sample=True
    ).order_by("pk")[0]
    data = services.CaseInput(
        organisation=organisation,
        title=title,
        lesson_date=dt.date(*day),
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


# --- sample news of each year, with photos -----------------------------------------------------


@dataclass(frozen=True)
class PhotoNews:
    title: str
    day: dt.date
    paragraphs: list[str]
    # The key activity it reports: (fiscal year, title); and the network it is about.
    activity: tuple[int, str] | None
    network: int | None
    tags: str
    # (scene, banner on the picture, caption)
    photos: list[tuple[str, str, str]]
    source_url: str = ""
    author: str = "ฝ่ายประชาสัมพันธ์คณะทำงานจังหวัด (ตัวอย่าง)"


PHOTO_NEWS = [
    PhotoNews(
        "สภาเด็กและเยาวชนรวมพลังจิตอาสา วันเด็กแห่งชาติ 2563",
        dt.date(2020, 1, 11),
        [
            "ข้อมูลตัวอย่าง: สภาเด็กและเยาวชนตำบลในเครือข่ายเด็กและเยาวชน ร่วมกิจกรรมจิตอาสา"
            "ทำความสะอาดลานวัดและสนามเด็กเล่นในวันเด็กแห่งชาติ",
            "แกนนำเยาวชนชวนน้อง ๆ ตั้งคุณธรรมเป้าหมาย “มีวินัย มีจิตอาสา” ของปีแรกของสุราษฎร์ธานีจังหวัดคุณธรรม",
        ],
        (2563, "สภาเด็กและเยาวชนรวมพลังจิตอาสา วันเด็กแห่งชาติ"),
        7,
        "เครือข่ายเด็กและเยาวชน, จิตอาสา, วันเด็ก",
        [("outdoors", "สภาเด็กและเยาวชนรวมพลังจิตอาสา วันเด็กแห่งชาติ 2563", "เยาวชนจิตอาสาพร้อมลงพื้นที่")],
    ),
    PhotoNews(
        "ยกย่อง อสม. จิตอาสาต้นแบบ ปี 2564",
        dt.date(2021, 3, 20),
        [
            "ข้อมูลตัวอย่าง: เครือข่ายสาธารณสุขและอาสาสมัครต่าง ๆ มอบเกียรติบัตรยกย่องอาสาสมัคร"
            "สาธารณสุขประจำหมู่บ้าน (อสม.) ที่ดูแลชุมชนด้วยจิตอาสาตลอดช่วงการระบาดของโควิด-19",
            "อสม. ต้นแบบเล่าประสบการณ์การเยี่ยมบ้านและการดูแลครอบครัวกลุ่มเสี่ยงในตำบล",
        ],
        (2564, "ยกย่อง อสม. จิตอาสาต้นแบบ"),
        8,
        "อสม., จิตอาสา, เครือข่ายสาธารณสุข",
        [
            ("village", "ยกย่อง อสม. จิตอาสาต้นแบบ ปี 2564", "อสม. ต้นแบบในชุมชน"),
            ("stage", "ยกย่อง อสม. จิตอาสาต้นแบบ ปี 2564", "พิธีมอบเกียรติบัตร"),
        ],
    ),
    PhotoNews(
        "โรงเรียนในเครือข่ายภาคการศึกษาร่วมสำรวจต้นทุนชีวิตเด็กและเยาวชน ปี 2565",
        dt.date(2022, 2, 28),
        [
            "ข้อมูลตัวอย่าง: นักเรียนชั้นมัธยมศึกษาตอนต้นของโรงเรียนในเครือข่ายภาคการศึกษา"
            "ตอบแบบสำรวจต้นทุนชีวิต 5 พลัง ผ่านลิงก์ของโรงเรียนและแบบฟอร์ม KoboToolbox",
            "ผลสำรวจแสดงเฉพาะกลุ่มที่มีผู้ตอบตั้งแต่ 10 คนขึ้นไป เพื่อคุ้มครองข้อมูลของเด็ก"
            " โรงเรียนที่ผู้ตอบน้อยจะไม่แสดงผลรายโรงเรียน",
        ],
        (2565, "สำรวจต้นทุนชีวิตเด็กและเยาวชน ปี 2565"),
        3,
        "ต้นทุนชีวิต, เครือข่ายภาคการศึกษา, สำรวจ",
        [
            ("classroom", "สำรวจต้นทุนชีวิตเด็กและเยาวชน ปี 2565", "นักเรียนตอบแบบสำรวจในห้องเรียน"),
            ("classroom", "ต้นทุนชีวิต 5 พลัง: ตัวตน ครอบครัว ปัญญา เพื่อน ชุมชน", "ครูอธิบายพลังทั้ง 5"),
        ],
    ),
    PhotoNews(
        "ค่ายเยาวชนพอเพียง ปี 2565",
        dt.date(2022, 4, 4),
        [
            "ข้อมูลตัวอย่าง: นักเรียนจากโรงเรียนในเครือข่ายภาคการศึกษาเข้าค่ายเรียนรู้"
            "ตามหลักปรัชญาของเศรษฐกิจพอเพียง ทำบัญชีรายรับรายจ่ายและปลูกผักสวนครัว",
        ],
        (2565, "ค่ายเยาวชนพอเพียง ปี 2565"),
        3,
        "พอเพียง, ค่ายเยาวชน",
        [("outdoors", "ค่ายเยาวชนพอเพียง ปี 2565", "กิจกรรมกลางแจ้งของค่าย")],
    ),
    PhotoNews(
        "สมัชชาคุณธรรมและตลาดนัดคุณธรรม ปีที่ 3 “3 ปี… เมืองคนดี มีวินัย ใส่ใจส่วนรวม”",
        dt.date(2022, 7, 5),
        [
            "ข้อมูลตัวอย่าง: สรุปสั้นจากข่าวศูนย์คุณธรรม 5–6 กรกฎาคม 2565 ดูรายละเอียดจากแหล่งที่มา",
            "จังหวัดสุราษฎร์ธานีจัดสมัชชาคุณธรรมและตลาดนัดคุณธรรม ปีที่ 3 มอบรางวัลบุคคลและ"
            "องค์กรต้นแบบ และนิทรรศการผลการขับเคลื่อนของ 8 เครือข่ายทางสังคม",
        ],
        (2565, "สมัชชาคุณธรรมและตลาดนัดคุณธรรม ปีที่ 3"),
        None,
        "สมัชชาคุณธรรม, ตลาดนัดคุณธรรม, องค์กรต้นแบบ",
        [
            ("stage", "3 ปี… เมืองคนดี มีวินัย ใส่ใจส่วนรวม", "เวทีสมัชชาคุณธรรม ปีที่ 3"),
            ("fair", "ตลาดนัดคุณธรรม สุราษฎร์ธานี ปี 2565", "ร้านค้าในตลาดนัดคุณธรรม"),
            ("stage", "มอบรางวัลบุคคลและองค์กรคุณธรรมต้นแบบ", "มอบรางวัลองค์กรต้นแบบ"),
        ],
        "https://moralcenter.or.th/en/9-demo-news/893-news-07-07-65.html",
        "ศูนย์คุณธรรม (สรุปตัวอย่าง)",
    ),
]


def load_photo_news(province: Province, networks: list[Network]) -> None:
    """Each year's sample news with its photos, where missing."""
    for spec in PHOTO_NEWS:
        _photo_news(province, networks, spec)


def _photo_news(province: Province, networks: list[Network], spec: PhotoNews) -> None:
    """A published sample post, its photos uploaded one by one, unless it is there."""
    if NewsPost.objects.filter(province=province, title=spec.title).exists():
        return
    activities = []
    if spec.activity is not None:
        fiscal_year, title = spec.activity
        activities = list(
            Activity.objects.filter(province=province, plan__fiscal_year=fiscal_year, title=title)
        )
    data = NewsInput(
        title=spec.title,
        body="".join(f"<p>{escape(p)}</p>" for p in spec.paragraphs),
        event_date=spec.day,
        author=spec.author,
        photographer="ภาพประกอบสร้างขึ้นเพื่อสาธิต",
        tags=spec.tags,
        source_url=spec.source_url,
        networks=[networks[spec.network - 1]] if spec.network else [],
        activities=activities,
    )
    post = NewsPost(province=province, is_sample=True)
    services.create_item(actor=SYSTEM, item=post, data=data)
    for number, (scene, banner, caption) in enumerate(spec.photos, start=1):
        picture = make_photo(scene, banner, f"{spec.title}-{number}")
        upload = SimpleUploadedFile(
            f"news-{spec.day.isoformat()}-{number}.jpg", picture, content_type="image/jpeg"
        )
        services.create_photo(actor=SYSTEM, post=post, upload=upload, caption=caption)
    services.publish_item(actor=SYSTEM, item=post)
