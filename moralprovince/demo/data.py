"""The demo: Surat Thani's Moral Province programme, FY2563–2565, from public facts.

Real: the province, its districts, its fiscal years and themes, its eight social networks
(Moral Center news of 6 February 2020) and the MOU partners named in the source article.
Synthetic, and marked `is_sample`: the member organisations and who chairs which network.
"""

from __future__ import annotations

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
