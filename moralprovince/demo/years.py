"""The commitments and plans of FY2563 (year 1) and FY2565 (year 3), and the organisations'
own plans of every year: sample data built on the public timeline of DOMAIN.md §0.

Year 1 set the mechanism up (the kick-off of 26 November 2019, the eight networks' meeting of
6 February 2020, the trainers' course of 17–18 March 2020, the declaration drafted on 16 July
and declared at the provincial assembly of 25 August 2020); COVID-19 stopped gatherings from
April to June 2020, so some activities of that quarter were cancelled or postponed. Year 3
opened with the working group of 26 October 2021 (the leads of the eight networks and 50
model organisations) and held the assembly and moral fair of 5–6 July 2022, "3 ปี… เมืองคนดี
มีวินัย ใส่ใจส่วนรวม". Everything else (titles, dates, people, money) is invented and
marked ข้อมูลตัวอย่าง where people read it.

An activity is (title, start, end, target group, expected participants, virtue codes,
master-plan strategy, [(funding source, amount, state)]) and, when it did not take place as
planned, its status. Dates are (year, month, day) in CE.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moralprovince.demo import data

SAMPLE = " (ข้อมูลตัวอย่าง)"
ALL_VIRTUES = ["sufficiency", "discipline", "integrity", "volunteer-spirit"]


@dataclass(frozen=True)
class Year:
    fiscal_year: int
    number: int
    declaration: dict[str, Any]
    target: dict[str, Any]
    overall: tuple[str, str, list[Any]]
    networks: dict[int, tuple[str, list[Any]]]
    statuses: dict[int, str]


YEAR_2563 = Year(
    fiscal_year=2563,
    number=1,
    declaration={
        "text": (
            "องค์กรภาคีกว่า 98 แห่งใน 8 เครือข่ายทางสังคม ร่วมประกาศเจตนารมณ์ในสมัชชาคุณธรรม"
            "จังหวัดสุราษฎร์ธานี ขับเคลื่อน “สุราษฎร์ธานี เมืองคนดี มีวินัย ใจสะอาด ไม่ขาดคุณธรรม”" + SAMPLE
        ),
        "declared_on": (2020, 8, 25),
        "executives_signed": 40,
        "executives_total": 52,
        "members_signed": 98,
        "members_total": 130,
    },
    target={
        "problem_to_solve": "การขาดวินัยในชีวิตประจำวันและการขาดจิตสาธารณะ" + SAMPLE,
        "good_to_do": "ร่วมกันสร้างเมืองคนดี มีวินัย ใจสะอาด ทำงานอย่างซื่อสัตย์สุจริต",
        "own_words": "สุราษฎร์ธานี เมืองคนดี มีวินัย ใจสะอาด ไม่ขาดคุณธรรม",
        "virtues": ["discipline", "integrity"],
    },
    overall=(
        "แผนการขับเคลื่อนจังหวัดคุณธรรมภาพรวม ปีที่ 1",
        "วางกลไกการขับเคลื่อนจังหวัดคุณธรรมผ่าน 8 เครือข่ายทางสังคม" + SAMPLE,
        [
            (
                "ประชุมชี้แจงหน่วยงานขับเคลื่อนจังหวัดคุณธรรม",
                (2019, 11, 26),
                (2019, 11, 26),
                "หน่วยงานภาครัฐและภาคีเครือข่าย",
                120,
                ["discipline"],
                2,
                [("moral-center", 25000, "spent")],
            ),
            (
                "ระดมความคิดเห็นกลุ่มย่อย 8 เครือข่ายทางสังคม",
                (2020, 2, 6),
                (2020, 2, 6),
                "แกนนำ 8 เครือข่าย",
                80,
                ["integrity"],
                3,
                [("moral-center", 40000, "spent")],
            ),
            (
                "อบรมหลักสูตรวิทยากรส่งเสริมคุณธรรม รุ่นที่ 1",
                (2020, 3, 17),
                (2020, 3, 18),
                "แกนนำเครือข่ายภาคประชาชนต่อต้านการทุจริต",
                60,
                ["integrity"],
                3,
                [("nacc", 120000, "spent")],
            ),
            (
                "ยกร่างประกาศเจตนารมณ์ร่วมกับ 8 เครือข่าย",
                (2020, 7, 16),
                (2020, 7, 16),
                "แกนนำเครือข่ายและภาคีวิชาการ",
                45,
                ["discipline", "integrity"],
                3,
                [("provincial-budget", 20000, "spent")],
            ),
            (
                "สมัชชาคุณธรรมจังหวัดสุราษฎร์ธานี ปี 2563",
                (2020, 8, 25),
                (2020, 8, 25),
                "องค์กรภาคีและประชาชน",
                400,
                ALL_VIRTUES,
                3,
                [("provincial-budget", 150000, "spent"), ("moral-center", 100000, "spent")],
            ),
        ],
    ),
    networks={
        1: (
            "ส่วนราชการเป็นองค์กรคุณธรรม" + SAMPLE,
            [
                (
                    "ประชุมชี้แจงแนวทางองค์กรคุณธรรมแก่ส่วนราชการ",
                    (2020, 1, 15),
                    (2020, 1, 15),
                    "หัวหน้าส่วนราชการ",
                    80,
                    ["integrity"],
                    2,
                    [("provincial-budget", 20000, "spent")],
                ),
                (
                    "รณรงค์ข้าราชการไม่รับของขวัญ (No Gift Policy)",
                    (2020, 7, 1),
                    (2020, 9, 30),
                    "ข้าราชการและเจ้าหน้าที่",
                    300,
                    ["integrity"],
                    2,
                    [("own", 15000, "spent")],
                ),
            ],
        ),
        2: (
            "ธุรกิจสุจริต" + SAMPLE,
            [
                (
                    "ประชุมผู้ประกอบการร่วมขับเคลื่อนธุรกิจคุณธรรม",
                    (2020, 2, 20),
                    (2020, 2, 20),
                    "ผู้ประกอบการและสหกรณ์",
                    60,
                    ["integrity"],
                    3,
                    [("private", 20000, "spent")],
                ),
                (
                    "ตลาดนัดสินค้าคุณธรรม",
                    (2020, 5, 15),
                    (2020, 5, 16),
                    "ผู้ประกอบการและประชาชน",
                    300,
                    ["sufficiency"],
                    3,
                    [("private", 50000, "requested")],
                    "cancelled",
                ),
            ],
        ),
        3: (
            "โรงเรียนคุณธรรม" + SAMPLE,
            [
                (
                    "ประชุมเชิงปฏิบัติการโรงเรียนคุณธรรม",
                    (2019, 12, 10),
                    (2019, 12, 11),
                    "ผู้บริหารและครู",
                    150,
                    ["discipline", "sufficiency"],
                    1,
                    [("moral-center", 60000, "spent")],
                ),
                (
                    "ประกวดโครงงานคุณธรรมของนักเรียน",
                    (2020, 7, 1),
                    (2020, 9, 15),
                    "นักเรียน",
                    240,
                    ["sufficiency", "volunteer-spirit"],
                    1,
                    [("ministry", 40000, "spent")],
                ),
            ],
        ),
        4: (
            "วัดเป็นศูนย์กลางชุมชน" + SAMPLE,
            [
                (
                    "วัด ประชา รัฐ สร้างสุข",
                    (2020, 1, 10),
                    (2020, 3, 15),
                    "ประชาชนในชุมชน",
                    500,
                    ["sufficiency", "volunteer-spirit"],
                    1,
                    [("local-government", 30000, "spent")],
                ),
                (
                    "บรรพชาสามเณรภาคฤดูร้อน",
                    (2020, 4, 1),
                    (2020, 5, 15),
                    "เด็กและเยาวชนชาย",
                    120,
                    ["discipline"],
                    1,
                    [("local-government", 60000, "requested")],
                    "postponed",
                ),
            ],
        ),
        5: (
            "สื่อเผยแพร่ความดี" + SAMPLE,
            [
                (
                    "เวทีสื่อมวลชนร่วมเผยแพร่ความดี",
                    (2020, 2, 14),
                    (2020, 2, 14),
                    "สื่อมวลชนท้องถิ่น",
                    40,
                    ["integrity"],
                    3,
                    [("provincial-budget", 15000, "spent")],
                ),
                (
                    "สื่อออนไลน์ คนดีศรีสุราษฎร์",
                    (2020, 4, 1),
                    (2020, 9, 30),
                    "ประชาชนทั่วไป",
                    None,
                    ["volunteer-spirit"],
                    3,
                    [("provincial-budget", 35000, "spent")],
                ),
            ],
        ),
        6: (
            "ภาคประชาชนร่วมต้านทุจริต" + SAMPLE,
            [
                (
                    "เวทีประชาคมคุณธรรมระดับตำบล",
                    (2020, 2, 25),
                    (2020, 2, 25),
                    "ผู้นำชุมชน",
                    90,
                    ["integrity"],
                    3,
                    [("nacc", 30000, "spent")],
                ),
                (
                    "จัดตั้งชมรม STRONG จิตพอเพียงต้านทุจริต ระดับจังหวัด",
                    (2020, 6, 15),
                    (2020, 8, 31),
                    "แกนนำภาคประชาชน",
                    120,
                    ["sufficiency", "integrity"],
                    3,
                    [("nacc", 60000, "spent")],
                ),
            ],
        ),
        7: (
            "เยาวชนจิตอาสา" + SAMPLE,
            [
                (
                    "สภาเด็กและเยาวชนรวมพลังจิตอาสา วันเด็กแห่งชาติ",
                    (2020, 1, 11),
                    (2020, 1, 11),
                    "เด็กและเยาวชน",
                    250,
                    ["volunteer-spirit"],
                    1,
                    [("local-government", 25000, "spent")],
                ),
                (
                    "ค่ายเยาวชนคนดีศรีสุราษฎร์",
                    (2020, 4, 20),
                    (2020, 4, 22),
                    "แกนนำเยาวชน",
                    100,
                    ["discipline"],
                    1,
                    [("ministry", 70000, "requested")],
                    "cancelled",
                ),
            ],
        ),
        8: (
            "อาสาสมัครสาธารณสุขจิตอาสา" + SAMPLE,
            [
                (
                    "ยกย่อง อสม. ดีเด่น",
                    (2020, 3, 20),
                    (2020, 3, 20),
                    "อาสาสมัครสาธารณสุข",
                    150,
                    ["volunteer-spirit"],
                    1,
                    [("ministry", 30000, "spent")],
                ),
                (
                    "อสม. เคาะประตูบ้าน ดูแลสุขภาพและน้ำใจในชุมชน",
                    (2020, 4, 1),
                    (2020, 6, 30),
                    "ครัวเรือนในชุมชน",
                    900,
                    ["volunteer-spirit", "sufficiency"],
                    1,
                    [("local-government", 40000, "spent")],
                ),
            ],
        ),
    },
    statuses=dict.fromkeys(range(1, 9), "approved"),
)

YEAR_2564 = Year(
    fiscal_year=2564,
    number=2,
    declaration=data.DECLARATION_84_2564,
    target=data.TARGET_84_2564,
    overall=data.OVERALL_PLAN_84_2564,
    networks=data.NETWORK_PLANS_84_2564,
    statuses=data.NETWORK_PLAN_STATUS_2564,
)

YEAR_2565 = Year(
    fiscal_year=2565,
    number=3,
    declaration={
        "text": (
            "จังหวัดสุราษฎร์ธานี 8 เครือข่ายทางสังคม และองค์กรต้นแบบ 50 แห่ง ร่วมประกาศเจตนารมณ์ "
            "ขับเคลื่อนจังหวัดคุณธรรม ปีที่ 3 “3 ปี… เมืองคนดี มีวินัย ใส่ใจส่วนรวม”" + SAMPLE
        ),
        "declared_on": (2021, 10, 26),
        "executives_signed": 50,
        "executives_total": 52,
        "members_signed": 112,
        "members_total": 124,
    },
    target={
        "problem_to_solve": "คนในชุมชนยังไม่ใส่ใจส่วนรวม ทั้งเรื่องขยะและการใช้พื้นที่สาธารณะ" + SAMPLE,
        "good_to_do": "ใส่ใจส่วนรวม มีวินัยในการใช้พื้นที่สาธารณะ และร่วมเป็นจิตอาสา",
        "own_words": "3 ปี… เมืองคนดี มีวินัย ใส่ใจส่วนรวม",
        "virtues": ["discipline", "volunteer-spirit", "sufficiency"],
    },
    overall=(
        "แผนการขับเคลื่อนจังหวัดคุณธรรมภาพรวม ปีที่ 3",
        "ขยายผลองค์กรต้นแบบ 50 แห่งสู่ชุมชนและอำเภอคุณธรรม" + SAMPLE,
        [
            (
                "ประชุมคณะทำงานครั้งที่ 1/2565 แกนนำ 8 เครือข่ายและองค์กรต้นแบบ 50 แห่ง",
                (2021, 10, 26),
                (2021, 10, 26),
                "แกนนำเครือข่ายและองค์กรต้นแบบ",
                90,
                ["discipline"],
                3,
                [("moral-center", 40000, "spent")],
            ),
            (
                "ติดตามประเมินผลองค์กรต้นแบบ รอบ 6 เดือน",
                (2022, 2, 1),
                (2022, 3, 31),
                "องค์กรต้นแบบ 50 แห่ง",
                60,
                ["integrity"],
                2,
                [("moral-center", 70000, "spent"), ("provincial-budget", 30000, "spent")],
            ),
            (
                "สมัชชาคุณธรรมและตลาดนัดคุณธรรม ปีที่ 3",
                (2022, 7, 5),
                (2022, 7, 6),
                "องค์กรภาคี บุคคลและองค์กรต้นแบบ และประชาชน",
                800,
                ALL_VIRTUES,
                3,
                [
                    ("provincial-budget", 300000, "spent"),
                    ("moral-center", 120000, "spent"),
                    ("private", 80000, "spent"),
                ],
            ),
            (
                "ถอดบทเรียนองค์กรคุณธรรมต้นแบบ",
                (2022, 8, 15),
                (2022, 9, 15),
                "องค์กรต้นแบบและภาคีวิชาการ",
                50,
                ["integrity", "volunteer-spirit"],
                2,
                [("moral-center", 60000, "approved")],
            ),
        ],
    ),
    networks={
        1: (
            "หน่วยงานคุณธรรมต้นแบบ" + SAMPLE,
            [
                (
                    "ส่วนราชการประเมินตนเองตามเกณฑ์องค์กรคุณธรรม",
                    (2021, 12, 1),
                    (2022, 1, 31),
                    "ส่วนราชการในจังหวัด",
                    60,
                    ["integrity"],
                    2,
                    [("provincial-budget", 25000, "spent")],
                ),
                (
                    "ยกย่องหน่วยงานคุณธรรมต้นแบบในสมัชชาคุณธรรม",
                    (2022, 7, 5),
                    (2022, 7, 5),
                    "ส่วนราชการในจังหวัด",
                    50,
                    ["integrity", "discipline"],
                    1,
                    [("provincial-budget", 40000, "spent")],
                ),
            ],
        ),
        2: (
            "ธุรกิจคุณธรรม ใส่ใจส่วนรวม" + SAMPLE,
            [
                (
                    "ถอดบทเรียนสหกรณ์คุณธรรมต้นแบบ",
                    (2022, 2, 10),
                    (2022, 2, 10),
                    "สหกรณ์และผู้ประกอบการ",
                    70,
                    ["integrity", "sufficiency"],
                    3,
                    [("private", 30000, "spent")],
                ),
                (
                    "ตลาดนัดคุณธรรมสินค้าชุมชน",
                    (2022, 7, 5),
                    (2022, 7, 6),
                    "ผู้ประกอบการและประชาชน",
                    600,
                    ["sufficiency"],
                    3,
                    [("private", 90000, "spent"), ("local-government", 30000, "spent")],
                ),
            ],
        ),
        3: (
            "สถานศึกษาคุณธรรม เด็กมีต้นทุนชีวิตเข้มแข็ง" + SAMPLE,
            [
                (
                    "อบรมครูแกนนำโรงเรียนคุณธรรม รุ่นที่ 2",
                    (2021, 11, 22),
                    (2021, 11, 24),
                    "ครูแกนนำ",
                    120,
                    ["discipline", "sufficiency"],
                    1,
                    [("moral-center", 90000, "spent")],
                ),
                (
                    "สำรวจต้นทุนชีวิตเด็กและเยาวชน ปี 2565",
                    (2022, 1, 10),
                    (2022, 2, 28),
                    "นักเรียนมัธยมศึกษาตอนต้น",
                    1500,
                    ["sufficiency"],
                    1,
                    [("moral-center", 80000, "spent"), ("own", 15000, "spent")],
                ),
                (
                    "ค่ายเยาวชนพอเพียง ปี 2565",
                    (2022, 4, 4),
                    (2022, 4, 8),
                    "นักเรียน",
                    180,
                    ["sufficiency", "volunteer-spirit"],
                    1,
                    [("local-government", 80000, "spent")],
                ),
            ],
        ),
        4: (
            "บวร ร่วมใจ ชุมชนคุณธรรม" + SAMPLE,
            [
                (
                    "บวร ร่วมใจ: วัด บ้าน โรงเรียน จิตอาสาวันมาฆบูชา",
                    (2022, 2, 16),
                    (2022, 2, 16),
                    "ประชาชนในชุมชน",
                    700,
                    ["volunteer-spirit"],
                    1,
                    [("local-government", 35000, "spent")],
                ),
                (
                    "บรรพชาสามเณรภาคฤดูร้อน ปี 2565",
                    (2022, 4, 1),
                    (2022, 5, 10),
                    "เด็กและเยาวชนชาย",
                    150,
                    ["discipline"],
                    1,
                    [("local-government", 70000, "spent")],
                ),
            ],
        ),
        5: (
            "สื่อสร้างสรรค์ ใส่ใจส่วนรวม" + SAMPLE,
            [
                (
                    "อบรมนักข่าวพลเมืองเยาวชน รุ่นที่ 2",
                    (2022, 1, 22),
                    (2022, 1, 23),
                    "เยาวชนและนักสื่อสาร",
                    60,
                    ["integrity"],
                    3,
                    [("provincial-budget", 30000, "spent")],
                ),
                (
                    "ผลิตสื่อคนดีศรีสุราษฎร์ ปีที่ 3",
                    (2021, 11, 1),
                    (2022, 9, 15),
                    "ประชาชนทั่วไป",
                    None,
                    ["volunteer-spirit"],
                    3,
                    [("provincial-budget", 60000, "spent")],
                ),
            ],
        ),
        6: (
            "ภาคประชาชนเฝ้าระวังการทุจริต" + SAMPLE,
            [
                (
                    "ชมรม STRONG จิตพอเพียงต้านทุจริต 19 อำเภอ วันต่อต้านคอร์รัปชันสากล",
                    (2021, 12, 9),
                    (2021, 12, 9),
                    "สมาชิกชมรม 19 อำเภอ",
                    400,
                    ["sufficiency", "integrity"],
                    3,
                    [("nacc", 80000, "spent")],
                ),
                (
                    "เวทีเฝ้าระวังการทุจริตภาคประชาชน",
                    (2022, 6, 20),
                    (2022, 6, 21),
                    "แกนนำภาคประชาชน",
                    100,
                    ["integrity"],
                    3,
                    [("nacc", 50000, "spent")],
                ),
            ],
        ),
        7: (
            "เยาวชนมีวินัย ใส่ใจส่วนรวม" + SAMPLE,
            [
                (
                    "วันเด็กจิตอาสา ปี 2565",
                    (2022, 1, 8),
                    (2022, 1, 8),
                    "เด็กและเยาวชน",
                    300,
                    ["volunteer-spirit"],
                    1,
                    [("local-government", 30000, "spent")],
                ),
                (
                    "ค่ายผู้นำเยาวชนคุณธรรม ปี 2565",
                    (2022, 4, 18),
                    (2022, 4, 20),
                    "แกนนำเยาวชน",
                    120,
                    ["discipline"],
                    1,
                    [("ministry", 75000, "spent")],
                ),
                (
                    "เยาวชนจิตอาสาในตลาดนัดคุณธรรม",
                    (2022, 7, 5),
                    (2022, 7, 6),
                    "แกนนำเยาวชน",
                    80,
                    ["volunteer-spirit"],
                    1,
                    [("local-government", 15000, "spent")],
                ),
            ],
        ),
        8: (
            "ครอบครัวอบอุ่น ชุมชนใส่ใจ" + SAMPLE,
            [
                (
                    "ยกย่อง อสม. จิตอาสาต้นแบบ ปี 2565",
                    (2022, 3, 20),
                    (2022, 3, 20),
                    "อาสาสมัครสาธารณสุข",
                    250,
                    ["volunteer-spirit"],
                    1,
                    [("ministry", 50000, "spent")],
                ),
                (
                    "ครอบครัวไทยไร้ความรุนแรง ปีที่ 2: เยี่ยมบ้านและให้คำปรึกษา",
                    (2022, 1, 1),
                    (2022, 9, 15),
                    "ครอบครัวกลุ่มเสี่ยง",
                    450,
                    ["sufficiency"],
                    1,
                    [("moral-center", 60000, "approved"), ("local-government", 30000, "approved")],
                ),
            ],
        ),
    },
    statuses=dict.fromkeys(range(1, 9), "approved"),
)

YEARS = [YEAR_2563, YEAR_2564, YEAR_2565]

# --- the organisations' own plans ------------------------------------------------------------
# Who: the reporter's school (the first sample school of the education network), the first
# sample temple, cooperative and health centre of their networks, and the Provincial Cultural
# Office. More organisations plan each year, as the programme spreads.
# (who, fiscal year, goal, declaration (executives signed/total, members signed/total),
# activities)

ORGANISATION_PLANS: list[tuple[str, int, str, tuple[int, int, int, int], list[Any]]] = [
    (
        "temple",
        2563,
        "วัดเป็นศูนย์กลางกิจกรรมคุณธรรมของชุมชน" + SAMPLE,
        (5, 7, 40, 60),
        [
            (
                "ตักบาตรวันพระและฟังธรรมร่วมกับโรงเรียน",
                (2019, 12, 1),
                (2020, 3, 31),
                "ชาวบ้านและนักเรียน",
                80,
                ["sufficiency"],
                1,
                [("own", 5000, "spent")],
            ),
        ],
    ),
    (
        "temple",
        2564,
        "บวร ร่วมพัฒนาชุมชน" + SAMPLE,
        (6, 7, 48, 60),
        [
            (
                "จิตอาสาพัฒนาวัดและชุมชนทุกเดือน",
                (2020, 11, 1),
                (2021, 9, 30),
                "ชาวบ้านและนักเรียน",
                60,
                ["volunteer-spirit"],
                1,
                [("own", 8000, "spent")],
            ),
        ],
    ),
    (
        "temple",
        2565,
        "ตลาดนัดคุณธรรมหน้าวัด" + SAMPLE,
        (7, 7, 52, 60),
        [
            (
                "ตลาดนัดคุณธรรมหน้าวัดทุกวันพระใหญ่",
                (2021, 11, 1),
                (2022, 9, 30),
                "ชาวบ้าน",
                120,
                ["sufficiency", "integrity"],
                3,
                [("own", 10000, "spent"), ("local-government", 20000, "spent")],
            ),
        ],
    ),
    (
        "school",
        2564,
        "นักเรียนมีวินัย มาโรงเรียนตรงเวลา" + SAMPLE,
        (4, 5, 30, 42),
        [
            (
                "เพื่อนช่วยเพื่อน ลดการมาสาย",
                (2020, 11, 16),
                (2021, 3, 31),
                "นักเรียนทุกชั้น",
                180,
                ["discipline"],
                1,
                [("own", 6000, "spent")],
            ),
            (
                "ธนาคารความดี",
                (2021, 6, 14),
                (2021, 9, 30),
                "นักเรียนทุกชั้น",
                180,
                ["volunteer-spirit"],
                1,
                [("own", 4000, "spent")],
            ),
        ],
    ),
    (
        "school",
        2565,
        "โรงเรียนคุณธรรม ต้นทุนชีวิตเข้มแข็ง" + SAMPLE,
        (5, 5, 38, 42),
        [
            (
                "เพื่อนช่วยเพื่อน ลดการมาสาย ปีที่ 2",
                (2021, 11, 15),
                (2022, 3, 31),
                "นักเรียนทุกชั้น",
                190,
                ["discipline"],
                1,
                [("own", 6000, "spent")],
            ),
            (
                "ครอบครัวร่วมใจ: ประชุมผู้ปกครองเรื่องต้นทุนชีวิต",
                (2022, 6, 18),
                (2022, 6, 18),
                "ผู้ปกครองนักเรียน",
                120,
                ["sufficiency"],
                1,
                [("own", 5000, "spent")],
            ),
        ],
    ),
    (
        "cooperative",
        2565,
        "สหกรณ์โปร่งใส สมาชิกพอเพียง" + SAMPLE,
        (8, 9, 150, 240),
        [
            (
                "อบรมสมาชิกสหกรณ์เรื่องบัญชีครัวเรือน",
                (2022, 3, 5),
                (2022, 3, 5),
                "สมาชิกสหกรณ์",
                90,
                ["sufficiency", "integrity"],
                3,
                [("own", 12000, "spent")],
            ),
        ],
    ),
    (
        "health",
        2565,
        "อสม. จิตอาสาดูแลผู้สูงอายุ" + SAMPLE,
        (3, 3, 25, 32),
        [
            (
                "อสม. เยี่ยมบ้านผู้สูงอายุติดบ้านติดเตียง",
                (2021, 12, 1),
                (2022, 8, 31),
                "ผู้สูงอายุในตำบล",
                60,
                ["volunteer-spirit"],
                1,
                [("local-government", 15000, "spent")],
            ),
        ],
    ),
    (
        "culture-office",
        2565,
        "สำนักงานเป็นองค์กรคุณธรรมต้นแบบ" + SAMPLE,
        (6, 6, 28, 30),
        [
            (
                "สำนักงานสีขาว ไม่รับของขวัญ ไม่ใช้ของหลวงส่วนตัว",
                (2021, 10, 1),
                (2022, 9, 30),
                "บุคลากรของสำนักงาน",
                34,
                ["integrity", "discipline"],
                2,
                [("own", 3000, "spent")],
            ),
        ],
    ),
]

# Key activities that no one reported by the end of the latest year: the status board has
# them as owed.
UNREPORTED_2565 = {
    "ถอดบทเรียนองค์กรคุณธรรมต้นแบบ",
    "ครอบครัวไทยไร้ความรุนแรง ปีที่ 2: เยี่ยมบ้านและให้คำปรึกษา",
}
