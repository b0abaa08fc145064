"""The demo: Surat Thani's Moral Province programme, FY2563–2565, from public facts.

Real: the province, its districts, its fiscal years and themes, its eight social networks
(Moral Center news of 6 February 2020) and the MOU partners named in the source article.
Synthetic, and marked `is_sample`: the member organisations and who chairs which network.
"""

from __future__ import annotations

from typing import Any

NETWORKS_84 = [
    (1, "เครือข่ายภาครัฐ", "Government network", "government", "ที่ว่าการอำเภอ{district}", "district"),
    (
        2,
        "เครือข่ายภาคธุรกิจเอกชน",
        "Private business network",
        "business",
        "สหกรณ์การเกษตร{district} จำกัด",
        "district",
    ),
    (
        3,
        "เครือข่ายภาคการศึกษา",
        "Education network",
        "school",
        "โรงเรียนบ้าน{subdistrict}",
        "subdistrict",
    ),
    (4, "เครือข่ายศาสนา", "Religion network", "religious", "วัด{subdistrict}", "subdistrict"),
    (5, "เครือข่ายสื่อมวลชน", "Mass media network", "media", "สถานีวิทยุชุมชนคนรัก{district}", "district"),
    (
        6,
        "เครือข่ายประชาสังคม",
        "Civil society network",
        "civil-society",
        "กลุ่มอาสาพัฒนาตำบล{subdistrict}",
        "subdistrict",
    ),
    (
        7,
        "เครือข่ายเด็กและเยาวชน",
        "Children and youth network",
        "youth",
        "สภาเด็กและเยาวชนตำบล{subdistrict}",
        "subdistrict",
    ),
    (
        8,
        "เครือข่ายสาธารณสุขและอาสาสมัครต่าง ๆ",
        "Public health and volunteers network",
        "health",
        "โรงพยาบาลส่งเสริมสุขภาพตำบล{subdistrict}",
        "subdistrict",
    ),
]
SAMPLE_MEMBERS_PER_NETWORK = 12

# (Thai name, English name, type, subdistrict code, networks it belongs to)
PARTNERS_84 = [
    (
        "สำนักงานวัฒนธรรมจังหวัดสุราษฎร์ธานี",
        "Surat Thani Provincial Cultural Office",
        "government",
        "840101",
        [1],
    ),
    ("สำนักงานจังหวัดสุราษฎร์ธานี", "Surat Thani Provincial Office", "government", "840101", [1]),
    ("มหาวิทยาลัยราชภัฏสุราษฎร์ธานี", "Suratthani Rajabhat University", "university", "840104", [3]),
    ("มหาวิทยาลัยตาปี", "Taphi University", "university", "840103", [3]),
    (
        "มหาวิทยาลัยสงขลานครินทร์ วิทยาเขตสุราษฎร์ธานี",
        "Prince of Songkla University, Surat Thani Campus",
        "university",
        "840102",
        [3],
    ),
]

PROGRAMME_84 = ("สุราษฎร์ธานีจังหวัดคุณธรรม", "Surat Thani Moral Province")
DESCRIPTION_84 = (
    "การขับเคลื่อนจังหวัดคุณธรรมภายใต้โครงการสมัชชาคุณธรรมและแผนแม่บทส่งเสริมคุณธรรมแห่งชาติ "
    "ฉบับที่ 1 โดยคณะทำงาน 8 เครือข่ายทางสังคม สำนักงานวัฒนธรรมจังหวัดเป็นเลขานุการ "
    "ร่วมกับศูนย์คุณธรรมและภาคีวิชาการภายใต้บันทึกข้อตกลงความร่วมมือ"
)
# Shown under the programme's name: what a reader sees is real and what is sample data.
SAMPLE_NOTE_84 = (
    "ข้อมูลตัวอย่าง: ชื่อจังหวัด เครือข่าย ภาคี และลำดับเหตุการณ์มาจากข่าวศูนย์คุณธรรม "
    "ส่วนองค์กรสมาชิก แผน ตัวชี้วัด รายงาน ผลสำรวจ และภาพประกอบ เป็นข้อมูลสมมุติเพื่อสาธิตระบบ"
)
YEARS_84 = [
    (2563, 1, "สุราษฎร์ธานี เมืองคนดี มีวินัย ใจสะอาด ไม่ขาดคุณธรรม"),
    (2564, 2, ""),
    (2565, 3, "3 ปี… เมืองคนดี มีวินัย ใส่ใจส่วนรวม"),
]

# Chiang Rai runs 13 networks (Moral Center news of 11 March 2020): the outsider's province.
PROGRAMME_57 = ("เชียงรายจังหวัดคุณธรรม", "Chiang Rai Moral Province")
NETWORKS_57 = [
    "เครือข่ายศาสนา",
    "เครือข่ายชุมชน",
    "เครือข่ายเกษตรกร",
    "เครือข่ายเด็กและเยาวชน",
    "เครือข่ายองค์กรปกครองส่วนท้องถิ่น",
    "เครือข่ายศิลปวัฒนธรรม",
    "เครือข่ายการศึกษา",
    "เครือข่ายหน่วยงานภาครัฐ",
    "เครือข่ายอำเภอ",
    "เครือข่ายสาธารณสุข",
    "เครือข่ายสื่อมวลชน",
    "เครือข่ายประชาสังคม",
    "เครือข่ายภาคธุรกิจ",
]
SAMPLE_ORGS_57 = [
    ("โรงเรียนบ้านรอบเวียง", "school", "570102"),
    ("วัดบ้านดู่", "religious", "570103"),
    ("สำนักงานวัฒนธรรมจังหวัดเชียงราย", "government", "570101"),
]

# username, display name, role, scope
DEMO_USERS = [
    ("national", "เจ้าหน้าที่ศูนย์คุณธรรม (ตัวอย่าง)", "national_admin", None),
    ("province", "เลขานุการคณะทำงานจังหวัดสุราษฎร์ธานี (ตัวอย่าง)", "province_admin", ("province", "84")),
    ("coordinator", "ผู้ประสานเครือข่ายภาคการศึกษา (ตัวอย่าง)", "network_coordinator", ("network", 3)),
    ("reporter", "ผู้รายงานของโรงเรียน (ตัวอย่าง)", "organisation_reporter", ("organisation", None)),
    ("evaluator", "คณะผู้ประเมิน มหาวิทยาลัยราชภัฏสุราษฎร์ธานี (ตัวอย่าง)", "evaluator", ("province", "84")),
    ("outsider", "เลขานุการคณะทำงานจังหวัดเชียงราย (ตัวอย่าง)", "province_admin", ("province", "57")),
]

# --- FY2564 commitments and plans (sample data, built on the public timeline) -------------

DECLARATION_84_2564 = {
    "text": (
        "จังหวัดสุราษฎร์ธานีและภาคีเครือข่ายทางสังคมทั้ง 8 เครือข่าย ร่วมประกาศเจตนารมณ์ "
        "ขับเคลื่อนสุราษฎร์ธานีจังหวัดคุณธรรม ปีที่ 2 ส่งเสริมคุณธรรม พอเพียง วินัย สุจริต จิตอาสา "
        'สู่ "เมืองคนดี มีวินัย ใจสะอาด ไม่ขาดคุณธรรม" (ข้อมูลตัวอย่าง)'
    ),
    "declared_on": (2020, 12, 4),
    "executives_signed": 46,
    "executives_total": 52,
    "members_signed": 98,
    "members_total": 118,
}
TARGET_84_2564 = {
    "problem_to_solve": "การขาดวินัยในชีวิตประจำวันและความไม่โปร่งใสในการทำงาน (ข้อมูลตัวอย่าง)",
    "good_to_do": "ส่งเสริมให้คนสุราษฎร์ธานีมีวินัย ซื่อสัตย์สุจริต และมีจิตอาสาช่วยเหลือส่วนรวม",
    "own_words": "เมืองคนดี มีวินัย ใจสะอาด ไม่ขาดคุณธรรม",
    "virtues": ["discipline", "integrity", "volunteer-spirit"],
}

# An activity: (title, start, end, target group, participants, virtue codes, strategy,
# [(funding source code, amount, state)]). Dates are (year, month, day) in CE. Budget states
# are those at the end of the year: what was held is spent; the assembly of August 2021 was
# postponed (COVID-19) and network 8's plan never left draft.
OVERALL_PLAN_84_2564 = (
    "แผนการขับเคลื่อนจังหวัดคุณธรรมภาพรวม ปีที่ 2",
    "บูรณาการการขับเคลื่อนของ 8 เครือข่ายทางสังคมตามประกาศเจตนารมณ์",
    [
        (
            "ประชุมคณะทำงานและแกนนำ 8 เครือข่าย กำหนดเป้าหมายกิจกรรมสำคัญ",
            (2020, 11, 13),
            (2020, 11, 13),
            "แกนนำเครือข่ายและภาคีวิชาการ",
            35,
            ["discipline"],
            3,
            [("moral-center", 30000, "spent")],
        ),
        (
            "ติดตามและประเมินผลการขับเคลื่อนจังหวัดคุณธรรม รอบ 6 เดือน",
            (2021, 2, 1),
            (2021, 3, 31),
            "เครือข่ายทั้ง 8",
            90,
            ["integrity"],
            2,
            [("moral-center", 80000, "spent"), ("provincial-budget", 40000, "spent")],
        ),
        (
            "สมัชชาคุณธรรมจังหวัดและตลาดนัดคุณธรรม",
            (2021, 8, 20),
            (2021, 8, 21),
            "องค์กรภาคีและประชาชน",
            500,
            ["sufficiency", "volunteer-spirit"],
            3,
            [("provincial-budget", 250000, "requested"), ("private", 50000, "requested")],
        ),
    ],
)
NETWORK_PLANS_84_2564: dict[int, tuple[str, list[Any]]] = {
    1: (
        "ภาครัฐโปร่งใส ข้าราชการมีวินัย",
        [
            (
                "อบรมเสริมสร้างวินัยและความโปร่งใสในการปฏิบัติราชการ",
                (2020, 12, 7),
                (2020, 12, 18),
                "ข้าราชการและเจ้าหน้าที่",
                150,
                ["discipline", "integrity"],
                2,
                [("provincial-budget", 60000, "spent")],
            ),
            (
                "ประกวดหน่วยงานคุณธรรมต้นแบบ",
                (2021, 3, 1),
                (2021, 6, 30),
                "ส่วนราชการในจังหวัด",
                40,
                ["integrity"],
                1,
                [("provincial-budget", 45000, "spent")],
            ),
        ],
    ),
    2: (
        "ธุรกิจสุจริต ใส่ใจสังคม",
        [
            (
                "สัมมนาธรรมาภิบาลในภาคธุรกิจ",
                (2021, 1, 15),
                (2021, 1, 15),
                "ผู้ประกอบการ",
                80,
                ["integrity"],
                3,
                [("private", 40000, "spent")],
            ),
            (
                "จิตอาสาภาคเอกชนพัฒนาชุมชน",
                (2021, 5, 1),
                (2021, 7, 31),
                "พนักงานบริษัท",
                200,
                ["volunteer-spirit"],
                3,
                [("private", 70000, "spent")],
            ),
        ],
    ),
    3: (
        "สถานศึกษาคุณธรรม ปลูกฝังวินัยและความพอเพียง",
        [
            (
                "อบรมครูแกนนำโรงเรียนคุณธรรม",
                (2020, 11, 23),
                (2020, 11, 25),
                "ครูแกนนำ",
                120,
                ["sufficiency", "discipline"],
                1,
                [("moral-center", 90000, "spent")],
            ),
            (
                "สำรวจต้นทุนชีวิตเด็กและเยาวชน",
                (2021, 1, 4),
                (2021, 2, 26),
                "นักเรียนมัธยม",
                3000,
                ["sufficiency"],
                1,
                [("moral-center", 120000, "spent"), ("own", 20000, "spent")],
            ),
            (
                "ค่ายเยาวชนพอเพียง",
                (2021, 4, 5),
                (2021, 4, 9),
                "นักเรียน",
                200,
                ["sufficiency"],
                1,
                [("local-government", 80000, "spent")],
            ),
        ],
    ),
    4: (
        "ศาสนสถานเป็นศูนย์กลางคุณธรรมชุมชน",
        [
            (
                "บวร สร้างคนดี: วัด บ้าน โรงเรียนร่วมกิจกรรมวันสำคัญทางศาสนา",
                (2021, 2, 26),
                (2021, 2, 26),
                "ประชาชนในชุมชน",
                600,
                ["sufficiency", "volunteer-spirit"],
                1,
                [("local-government", 30000, "spent")],
            ),
            (
                "อบรมพระวิทยากรส่งเสริมคุณธรรม",
                (2021, 6, 14),
                (2021, 6, 16),
                "พระสงฆ์และผู้นำศาสนา",
                60,
                ["integrity"],
                1,
                [("moral-center", 50000, "spent")],
            ),
        ],
    ),
    5: (
        "สื่อสร้างสรรค์ เผยแพร่ความดี",
        [
            (
                "ผลิตสื่อเผยแพร่คนดีศรีสุราษฎร์",
                (2020, 12, 1),
                (2021, 9, 15),
                "ประชาชนทั่วไป",
                None,
                ["volunteer-spirit"],
                3,
                [("provincial-budget", 60000, "spent")],
            ),
            (
                "อบรมนักข่าวพลเมืองรู้เท่าทันสื่อ",
                (2021, 3, 20),
                (2021, 3, 21),
                "เยาวชนและนักสื่อสาร",
                50,
                ["integrity"],
                3,
                [],
            ),
        ],
    ),
    6: (
        "ภาคประชาชนเฝ้าระวังการทุจริต",
        [
            (
                "อบรมวิทยากรส่งเสริมคุณธรรม เครือข่ายภาคประชาชนต่อต้านการทุจริต",
                (2021, 1, 20),
                (2021, 1, 21),
                "แกนนำภาคประชาชน",
                80,
                ["integrity"],
                3,
                [("nacc", 100000, "spent")],
            ),
            (
                "ตั้งชมรม STRONG จิตพอเพียงต้านทุจริตระดับอำเภอ",
                (2021, 3, 1),
                (2021, 8, 31),
                "ประชาชน 19 อำเภอ",
                380,
                ["sufficiency", "integrity"],
                3,
                [("nacc", 95000, "spent")],
            ),
        ],
    ),
    7: (
        "เด็กและเยาวชนมีวินัย มีจิตอาสา",
        [
            (
                "สภาเด็กและเยาวชนจิตอาสาพัฒนาท้องถิ่น",
                (2021, 1, 9),
                (2021, 1, 9),
                "เด็กและเยาวชน",
                300,
                ["volunteer-spirit"],
                1,
                [("local-government", 40000, "spent")],
            ),
            (
                "ค่ายผู้นำเยาวชนคุณธรรม",
                (2021, 4, 19),
                (2021, 4, 21),
                "แกนนำเยาวชน",
                120,
                ["discipline"],
                1,
                [("ministry", 75000, "spent")],
            ),
        ],
    ),
    8: (
        "อาสาสมัครสาธารณสุขต้นแบบคุณธรรม",
        [
            (
                "ยกย่อง อสม. จิตอาสาต้นแบบ",
                (2021, 3, 20),
                (2021, 3, 20),
                "อาสาสมัครสาธารณสุข",
                250,
                ["volunteer-spirit"],
                1,
                [("ministry", 50000, "spent")],
            ),
            (
                "ครอบครัวไทยไร้ความรุนแรง: เยี่ยมบ้านและให้คำปรึกษา",
                (2021, 5, 1),
                (2021, 9, 15),
                "ครอบครัวกลุ่มเสี่ยง",
                400,
                ["sufficiency"],
                1,
                [("moral-center", 60000, "requested"), ("local-government", 30000, "requested")],
            ),
        ],
    ),
}
# Plan status of each network after the demo: most approved, some still in review.
NETWORK_PLAN_STATUS_2564 = {
    1: "approved",
    2: "approved",
    3: "approved",
    4: "approved",
    5: "submitted",
    6: "approved",
    7: "submitted",
    8: "draft",
}
