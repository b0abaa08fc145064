"""The reference criteria every installation starts with: the organisation's 9 activities and
the province's 10 indicators, each as version 1 of fiscal year 2563.

Only the organisation's items 1–4 and their bands are confirmed public text. Items 5–9, the
province's indicators and both level rules are reference wording, to be replaced by the
official text: each such version says so in its note and is marked `is_reference`. Being
data, national staff edit them (a change to a version in use makes a new version). The
loader creates what is missing and never overwrites an edit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from moralprovince.assessments.models import (
    CriteriaVersion,
    CriterionItem,
    ItemRequirement,
    LevelRule,
    Prefill,
    ScoringKind,
    UnitType,
    VersionStatus,
)

REFERENCE_YEAR = 2563

REFERENCE_NOTE_TH = (
    "ชุดเกณฑ์อ้างอิง: ข้อความกิจกรรม/ตัวชี้วัดที่ยังไม่ยืนยันและเกณฑ์การตัดสินระดับเป็นถ้อยคำอ้างอิง "
    "ให้แทนด้วยข้อความทางการของศูนย์คุณธรรมก่อนใช้ประเมินจริง"
)

SHARE_BANDS = {
    "band_2_th": "ร้อยละ 80 ขึ้นไป",
    "band_1_th": "ร้อยละ 50–79.99",
    "band_0_th": "ต่ำกว่าร้อยละ 50",
    "band_2_en": "80 % or more",
    "band_1_en": "50–79.99 %",
    "band_0_en": "under 50 %",
}
POINT_BANDS = {
    "band_2_th": "ดำเนินการครบถ้วนและมีหลักฐานชัดเจน",
    "band_1_th": "ดำเนินการบางส่วน",
    "band_0_th": "ยังไม่ได้ดำเนินการ",
    "band_2_en": "Done in full, with clear evidence",
    "band_1_en": "Partly done",
    "band_0_en": "Not done yet",
}
YES_NO_BANDS = {
    "band_1_th": "มี",
    "band_0_th": "ไม่มี",
    "band_1_en": "Yes",
    "band_0_en": "No",
}
BANDS = {ScoringKind.SHARE: SHARE_BANDS, ScoringKind.POINTS: POINT_BANDS}

# (number, level, scoring, Thai text, English text, evidence (Thai), required, prefill)
ORGANISATION_ITEMS: list[tuple[Any, ...]] = [
    (
        1,
        1,
        ScoringKind.SHARE,
        "ผู้บริหารและสมาชิกในองค์กรร่วมกันประกาศเจตนารมณ์เป็นลายลักษณ์อักษร",
        "Executives and members declare their intent together, in writing",
        "ประกาศเจตนารมณ์ และรายชื่อผู้ลงนาม",
        True,
        Prefill.DECLARATION,
    ),
    (
        2,
        1,
        ScoringKind.SHARE,
        "กำหนดคุณธรรมเป้าหมายจาก “ปัญหาที่อยากแก้” และ “ความดีที่อยากทำ” โดยการมีส่วนร่วมของสมาชิก",
        "Set target virtues from 'problems we want to solve' and 'good we want to do', "
        "with members taking part",
        "บันทึกการประชุม/รายชื่อผู้ร่วมกำหนดคุณธรรมเป้าหมาย",
        True,
        Prefill.TARGET_VIRTUES,
    ),
    (
        3,
        1,
        ScoringKind.POINTS,
        "จัดทำแผนส่งเสริมคุณธรรมตามคุณธรรมเป้าหมาย",
        "Make a moral-promotion plan for the target virtues",
        "แผนส่งเสริมคุณธรรม และคำสั่งแต่งตั้งคณะทำงาน",
        True,
        Prefill.PLAN,
    ),
    (
        4,
        1,
        ScoringKind.POINTS,
        "ผลการดำเนินงานตามแผนส่งเสริมคุณธรรม",
        "Results of carrying out the moral-promotion plan",
        "รายงานผลการดำเนินงานรอบ 6 เดือน และ 12 เดือน",
        False,
        Prefill.PLAN_RESULTS,
    ),
    (
        5,
        2,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) ติดตาม ประเมินผล และปรับปรุงการดำเนินงานตามแผนอย่างต่อเนื่อง",
        "(Reference wording) Monitor, evaluate and improve the work under the plan",
        "รายงานการติดตามและการปรับปรุง",
        False,
        Prefill.NONE,
    ),
    (
        6,
        2,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) ยกย่องเชิดชูบุคคลและแนวปฏิบัติที่ดีด้านคุณธรรม",
        "(Reference wording) Recognise good people and good practice",
        "ประกาศ/ภาพกิจกรรมการยกย่องเชิดชู",
        False,
        Prefill.NONE,
    ),
    (
        7,
        2,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) พฤติกรรมของสมาชิกเปลี่ยนแปลงตามคุณธรรมเป้าหมายอย่างเห็นได้ชัด",
        "(Reference wording) Members' behaviour visibly changes towards the target virtues",
        "ผลการประเมินการเปลี่ยนแปลงพฤติกรรม",
        False,
        Prefill.SURVEY,
    ),
    (
        8,
        3,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) เป็นแหล่งเรียนรู้ด้านคุณธรรมให้องค์กรอื่น",
        "(Reference wording) Serve other organisations as a place to learn about morality",
        "บันทึกการศึกษาดูงาน/การเป็นวิทยากร",
        False,
        Prefill.NONE,
    ),
    (
        9,
        3,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) ขยายผลสู่เครือข่าย มีนวัตกรรม และดำเนินการอย่างยั่งยืน",
        "(Reference wording) Extend to networks, innovate and keep it going",
        "หลักฐานการขยายผลและนวัตกรรม",
        False,
        Prefill.NONE,
    ),
]

PROVINCE_ITEMS: list[tuple[Any, ...]] = [
    (
        1,
        1,
        ScoringKind.YES_NO,
        "(ถ้อยคำอ้างอิง) จังหวัดประกาศเจตนารมณ์ส่งเสริมคุณธรรม",
        "(Reference wording) The province declares its intent to promote morality",
        "ประกาศเจตนารมณ์ของจังหวัด",
        True,
        Prefill.DECLARATION,
    ),
    (
        2,
        1,
        ScoringKind.YES_NO,
        "(ถ้อยคำอ้างอิง) จังหวัดกำหนดคุณธรรมเป้าหมาย",
        "(Reference wording) The province sets its target virtues",
        "ประกาศคุณธรรมเป้าหมายของจังหวัด",
        False,
        Prefill.TARGET_VIRTUES,
    ),
    (
        3,
        1,
        ScoringKind.YES_NO,
        "(ถ้อยคำอ้างอิง) มีคณะอนุกรรมการส่งเสริมคุณธรรมจังหวัด",
        "(Reference wording) The province has a moral-promotion sub-committee",
        "คำสั่งแต่งตั้งคณะอนุกรรมการ",
        True,
        Prefill.NONE,
    ),
    (
        4,
        1,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) มีแผนส่งเสริมคุณธรรมจังหวัด",
        "(Reference wording) The province has a moral-promotion plan",
        "แผนส่งเสริมคุณธรรมจังหวัด",
        False,
        Prefill.PLAN,
    ),
    (
        5,
        2,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) ผลการดำเนินงานตามแผนส่งเสริมคุณธรรมจังหวัด",
        "(Reference wording) Results of the province's plan",
        "รายงานผลการดำเนินงาน",
        False,
        Prefill.PLAN_RESULTS,
    ),
    (
        6,
        2,
        ScoringKind.SHARE,
        "(ถ้อยคำอ้างอิง) สัดส่วนองค์กรที่ผ่านการประเมินระดับใดระดับหนึ่ง",
        "(Reference wording) Share of organisations assessed at a level",
        "ผลการประเมินองค์กรในระบบ",
        False,
        Prefill.LEVEL_SHARES,
    ),
    (
        7,
        2,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) ชุมชนและอำเภอได้รับการประเมินตามเกณฑ์",
        "(Reference wording) Communities and districts are assessed",
        "ผลการประเมินชุมชนและอำเภอ",
        False,
        Prefill.NONE,
    ),
    (
        8,
        3,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) ยกย่องเชิดชูบุคคล องค์กร และชุมชนต้นแบบ",
        "(Reference wording) Recognise model people, organisations and communities",
        "ประกาศยกย่องเชิดชู",
        False,
        Prefill.NONE,
    ),
    (
        9,
        3,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) มีเครือข่ายความร่วมมือส่งเสริมคุณธรรมทุกภาคส่วน",
        "(Reference wording) Networks of every sector work together",
        "บันทึกความร่วมมือ",
        False,
        Prefill.NONE,
    ),
    (
        10,
        3,
        ScoringKind.POINTS,
        "(ถ้อยคำอ้างอิง) ผลการสำรวจการเปลี่ยนแปลง เช่น ต้นทุนชีวิตเยาวชน",
        "(Reference wording) Survey results of change, such as youth life assets",
        "รายงานผลการสำรวจ",
        False,
        Prefill.SURVEY,
    ),
]

# level: (share of points needed, {item number: at least}) — reference rules.
ORGANISATION_RULES = {
    1: (Decimal(50), {1: 1, 2: 1}),
    2: (Decimal(65), {3: 1, 4: 1}),
    3: (Decimal(80), {1: 2, 4: 2}),
}
PROVINCE_RULES = {
    1: (Decimal(50), {1: 1, 3: 1}),
    2: (Decimal(65), {4: 1, 5: 1}),
    3: (Decimal(80), {5: 2, 6: 1}),
}

SETS = [
    (
        UnitType.ORGANISATION,
        "เกณฑ์องค์กรคุณธรรม 9 กิจกรรม (ชุดอ้างอิง)",
        "Moral organisation: 9 activities (reference set)",
        ORGANISATION_ITEMS,
        ORGANISATION_RULES,
    ),
    (
        UnitType.PROVINCE,
        "เกณฑ์จังหวัดคุณธรรม 10 ตัวชี้วัด (ชุดอ้างอิง)",
        "Moral province: 10 indicators (reference set)",
        PROVINCE_ITEMS,
        PROVINCE_RULES,
    ),
]


@transaction.atomic
def load_reference_criteria() -> None:
    for unit_type, title_th, title_en, items, rules in SETS:
        if CriteriaVersion.objects.filter(unit_type=unit_type).exists():
            continue
        version = CriteriaVersion.objects.create(
            unit_type=unit_type,
            fiscal_year=REFERENCE_YEAR,
            number=1,
            status=VersionStatus.PUBLISHED,
            published_at=timezone.now(),
            title_th=title_th,
            title_en=title_en,
            note=REFERENCE_NOTE_TH,
            is_reference=True,
        )
        by_number = {}
        for number, level, scoring, text_th, text_en, evidence_th, required, prefill in items:
            by_number[number] = CriterionItem.objects.create(
                version=version,
                number=number,
                level=level,
                scoring=scoring,
                text_th=text_th,
                text_en=text_en,
                evidence_th=evidence_th,
                evidence_required=required,
                prefill=prefill,
                **BANDS.get(scoring, YES_NO_BANDS),
            )
        for level, (share, needs) in rules.items():
            rule = LevelRule.objects.create(version=version, level=level, min_share=share)
            ItemRequirement.objects.bulk_create(
                ItemRequirement(rule=rule, item=by_number[n], min_points=p)
                for n, p in needs.items()
            )
