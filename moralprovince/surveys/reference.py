"""The reference 48-item youth life-assets form (15/8/11/6/8 items in the five powers).

The wording is paraphrased from public descriptions of the form; it is a reference version
to be replaced by the official form of the Moral Center when it is published. Scoring: the
four-point scale 1–4, percent of the maximum (raw rule; the rescaled rule is a setting of a
new version), grade bands A > 80 %, B 70–80 %, C 60–70 %, below 60 % needs improvement.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from moralprovince.surveys.models import Instrument
from moralprovince.surveys.services import create_reference_version
from moralprovince.surveys.spec import InstrumentData

REFERENCE_CODE = "life-assets-youth"
REFERENCE_NOTE = (
    "ฉบับอ้างอิง: ถ้อยคำเรียบเรียงจากคำอธิบายที่เผยแพร่ต่อสาธารณะ ใช้แทนได้เมื่อมีแบบสอบถามฉบับทางการ"
    " / Reference version: wording paraphrased from public descriptions; replace it with the"
    " official form."
)

DOMAINS = [
    ("self", "พลังตัวตน", "Power of self"),
    ("family", "พลังครอบครัว", "Power of family"),
    ("wisdom", "พลังสร้างปัญญา", "Power of learning"),
    ("peers", "พลังเพื่อนและกิจกรรม", "Power of friends and activities"),
    ("community", "พลังชุมชน", "Power of community"),
]

ITEMS = {
    "self": [
        ("ฉันรู้สึกภูมิใจในตัวเอง", "I feel proud of myself"),
        ("ฉันเชื่อว่าตัวเองทำสิ่งต่าง ๆ ได้ดี", "I believe I can do things well"),
        ("ฉันรู้จักข้อดีและข้อที่ควรปรับปรุงของตัวเอง", "I know my strengths and what to improve"),
        ("ฉันมีเป้าหมายในชีวิต", "I have goals in life"),
        ("ฉันมองอนาคตของตัวเองในแง่ดี", "I am hopeful about my future"),
        ("ฉันรับผิดชอบต่อสิ่งที่ตัวเองทำ", "I take responsibility for what I do"),
        ("ฉันพูดความจริงแม้จะยาก", "I tell the truth even when it is hard"),
        ("ฉันช่วยเหลือผู้อื่นโดยไม่หวังสิ่งตอบแทน", "I help others without expecting a reward"),
        ("ฉันเคารพความแตกต่างของผู้อื่น", "I respect people who are different from me"),
        ("ฉันควบคุมอารมณ์ของตัวเองได้", "I can manage my emotions"),
        ("ฉันปฏิเสธสิ่งที่ไม่ดีหรือเป็นอันตรายได้", "I can say no to what is wrong or harmful"),
        ("ฉันแก้ปัญหาความขัดแย้งโดยไม่ใช้ความรุนแรง", "I settle conflicts without violence"),
        ("ฉันวางแผนและตัดสินใจเรื่องต่าง ๆ ได้ด้วยตัวเอง", "I can plan and decide for myself"),
        ("ฉันเข้ากับเพื่อนและคนรอบข้างได้ดี", "I get on well with the people around me"),
        ("ฉันรู้สึกว่าชีวิตของฉันมีคุณค่า", "I feel that my life has value"),
    ],
    "family": [
        ("ฉันได้รับความรักและกำลังใจจากครอบครัว", "My family gives me love and support"),
        ("ฉันปรึกษาพ่อแม่หรือผู้ปกครองได้อย่างสบายใจ", "I can talk things over with my parents"),
        ("พ่อแม่หรือผู้ปกครองสนับสนุนการเรียนของฉัน", "My parents support my learning"),
        ("ฉันรู้สึกปลอดภัยเมื่ออยู่ที่บ้าน", "I feel safe at home"),
        ("ครอบครัวของฉันมีกติกาที่ชัดเจนและมีเหตุผล", "My family has clear, reasonable rules"),
        ("พ่อแม่หรือผู้ปกครองเป็นแบบอย่างที่ดีให้ฉัน", "My parents are good role models for me"),
        ("ครอบครัวสนับสนุนสิ่งที่ฉันชอบและสนใจ", "My family supports what I like to do"),
        ("ครอบครัวของฉันพูดคุยกันเรื่องสื่อที่ดูหรือใช้", "My family talks about the media we use"),
    ],
    "wisdom": [
        ("โรงเรียนของฉันเอาใจใส่นักเรียน", "My school cares about its students"),
        ("ฉันรู้สึกปลอดภัยเมื่ออยู่ที่โรงเรียน", "I feel safe at school"),
        ("โรงเรียนมีกฎระเบียบที่ชัดเจน", "My school has clear rules"),
        ("ครูสนับสนุนสิ่งที่ฉันสนใจ", "My teachers support my interests"),
        ("ฉันตั้งใจเรียนโดยไม่เอาเปรียบผู้อื่น", "I work to learn without taking advantage of others"),
        ("ฉันตั้งใจเรียนอย่างสม่ำเสมอ", "I pay steady attention to my studies"),
        ("ฉันทำการบ้านและทบทวนบทเรียน", "I do my homework and revise my lessons"),
        ("ฉันรู้สึกผูกพันกับโรงเรียน", "I feel attached to my school"),
        ("ฉันอ่านหนังสือเพื่อความเพลิดเพลิน", "I read for pleasure"),
        ("ฉันสนใจภูมิปัญญาและวัฒนธรรมท้องถิ่น", "I am curious about local wisdom and culture"),
        ("ฉันพูดคุยกับครูเรื่องสื่อต่าง ๆ", "I talk with my teachers about the media"),
    ],
    "peers": [
        ("เพื่อนสนิทของฉันเป็นแบบอย่างที่ดี", "My close friends set a good example"),
        ("เพื่อนชวนฉันทำในสิ่งที่ดี", "My friends lead me to do good things"),
        ("ฉันร่วมกิจกรรมกีฬา ดนตรี หรือศิลปะ", "I take part in sport, music or art"),
        ("ฉันร่วมกิจกรรมจิตอาสาหรือบำเพ็ญประโยชน์", "I volunteer or do community service"),
        ("ฉันร่วมกิจกรรมทางศาสนาหรือวัฒนธรรม", "I take part in religious or cultural activities"),
        ("ฉันใช้เวลาว่างทำสิ่งที่มีประโยชน์", "I spend my free time on worthwhile things"),
    ],
    "community": [
        ("ผู้ใหญ่ในชุมชนให้ความสำคัญกับเด็กและเยาวชน", "Adults in my community value young people"),
        ("ฉันรู้สึกปลอดภัยในชุมชนที่ฉันอยู่", "I feel safe in my community"),
        ("มีผู้ใหญ่ในชุมชนที่ฉันไว้ใจและขอคำปรึกษาได้", "There are adults nearby I trust and can ask"),
        ("ฉันได้มีส่วนร่วมในกิจกรรมของชุมชน", "I take part in community activities"),
        ("ชุมชนเปิดโอกาสให้เยาวชนแสดงความคิดเห็น", "My community lets young people have a say"),
        ("ชุมชนมีพื้นที่หรือกิจกรรมสร้างสรรค์สำหรับเยาวชน", "My community has good places for youth"),
        ("เพื่อนบ้านช่วยดูแลเด็กและเยาวชนในชุมชน", "Neighbours look out for young people"),
        ("ฉันได้ทำประโยชน์ให้ชุมชนของฉัน", "I do things that help my community"),
    ],
}

CHOICES = [
    (1, "ไม่เลย", "Never"),
    (2, "บางครั้ง", "Sometimes"),
    (3, "บ่อยครั้ง", "Often"),
    (4, "เป็นประจำ", "Always"),
]

BANDS = [
    ("A", "ดีมาก", "Very good", Decimal(80), False),
    ("B", "ดี", "Good", Decimal(70), True),
    ("C", "พอใช้", "Fair", Decimal(60), True),
    ("F", "ควรปรับปรุง", "Needs improvement", Decimal(0), True),
]


def reference_data() -> InstrumentData:
    items = []
    for domain, _th, _en in DOMAINS:
        prefix = domain[:4]
        for number, (text_th, text_en) in enumerate(ITEMS[domain], start=1):
            items.append((f"{prefix}{number:02d}", domain, text_th, text_en, False))
    return InstrumentData(
        code=REFERENCE_CODE,
        name_th="แบบสำรวจต้นทุนชีวิตเด็กและเยาวชน (ฉบับอ้างอิง 48 ข้อ)",
        name_en="Youth life-assets survey (48-item reference version)",
        note=REFERENCE_NOTE,
        scale=(1, 4),
        rule="raw",
        domains=DOMAINS,
        items=items,
        choices=CHOICES,
        bands=BANDS,
    )


@transaction.atomic
def load_reference_instrument() -> None:
    if not Instrument.objects.filter(code=REFERENCE_CODE).exists():
        create_reference_version(reference_data())
