"""Reference data every installation starts with; all of it stays editable.

Sources are in DOMAIN.md: the four core virtues of Master Plan No. 1 and the fifth added
by the Phase 2 action plan from FY2566; the plan's four strategies (wording of 2–4 is
from secondary sources, so it is data an admin can correct).
"""

from __future__ import annotations

from django.db import transaction

from moralprovince.framework.models import MasterPlan, Strategy, Virtue

VIRTUES = [
    ("sufficiency", "พอเพียง", "Sufficiency", 2559, None),
    ("discipline", "วินัย", "Discipline", 2559, None),
    ("integrity", "สุจริต", "Integrity", 2559, None),
    ("volunteer-spirit", "จิตอาสา", "Volunteer spirit", 2559, None),
    ("gratitude", "กตัญญู", "Gratitude", 2566, None),
]

MASTER_PLAN_1 = (
    "แผนแม่บทส่งเสริมคุณธรรมแห่งชาติ ฉบับที่ 1",
    "National Moral Promotion Master Plan No. 1",
    2559,
    2565,
)
STRATEGIES_1 = [
    (
        1,
        "วางระบบรากฐานการเสริมสร้างคุณธรรมของสังคมไทย",
        "Lay the foundation for strengthening morality in Thai society",
    ),
    (
        2,
        "สร้างความเข้มแข็งในระบบการบริหารจัดการด้านการส่งเสริมคุณธรรม",
        "Strengthen the management of moral promotion",
    ),
    (
        3,
        "สร้างเครือข่ายความร่วมมือในการส่งเสริมคุณธรรมของทุกภาคส่วน",
        "Build cross-sector networks for moral promotion",
    ),
    (
        4,
        "ส่งเสริมและพัฒนาให้ประเทศไทยเป็นแบบอย่างด้านคุณธรรมในประชาคมอาเซียนและประชาคมโลก",
        "Make Thailand a model of morality in ASEAN and the world",
    ),
]


@transaction.atomic
def load_framework() -> None:
    """Create what is missing; never overwrite what an admin has edited."""
    for order, (code, th, en, start, end) in enumerate(VIRTUES):
        Virtue.objects.get_or_create(
            code=code,
            defaults={
                "name_th": th,
                "name_en": en,
                "valid_from": start,
                "valid_to": end,
                "order": order,
            },
        )
    plan, _ = MasterPlan.objects.get_or_create(
        name_th=MASTER_PLAN_1[0],
        defaults={
            "name_en": MASTER_PLAN_1[1],
            "start_year": MASTER_PLAN_1[2],
            "end_year": MASTER_PLAN_1[3],
        },
    )
    for number, th, en in STRATEGIES_1:
        Strategy.objects.get_or_create(
            master_plan=plan, number=number, defaults={"name_th": th, "name_en": en}
        )
