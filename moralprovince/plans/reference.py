"""Funding sources every installation starts with; admins may add or rename them."""

from django.db import transaction

from moralprovince.plans.models import FundingSource

FUNDING_SOURCES = [
    ("provincial-budget", "งบประมาณจังหวัด", "Provincial budget"),
    ("moral-center", "ศูนย์คุณธรรม", "Moral Center"),
    ("local-government", "องค์กรปกครองส่วนท้องถิ่น", "Local government"),
    ("nacc", "สำนักงาน ป.ป.ช. (เครือข่ายภาคประชาชน)", "NACC civil network"),
    ("ministry", "งบประมาณกระทรวง/กรม", "Ministry or department budget"),
    ("private", "ภาคเอกชนสนับสนุน", "Private sponsors"),
    ("own", "งบประมาณของหน่วยงานเอง", "The unit's own budget"),
]


@transaction.atomic
def load_funding_sources() -> None:
    for order, (code, th, en) in enumerate(FUNDING_SOURCES):
        FundingSource.objects.get_or_create(
            code=code, defaults={"name_th": th, "name_en": en, "order": order}
        )
