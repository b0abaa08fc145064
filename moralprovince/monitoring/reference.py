"""Disaggregations every installation starts with; admins may add others."""

from django.db import transaction

from moralprovince.monitoring.models import Category, Dimension

DIMENSIONS = [
    (
        "sex",
        "เพศ",
        "Sex",
        Dimension.Kind.LISTED,
        [
            ("female", "หญิง", "Female"),
            ("male", "ชาย", "Male"),
            ("other", "ไม่ระบุ/อื่น ๆ", "Other or not stated"),
        ],
    ),
    (
        "age-group",
        "ช่วงอายุ",
        "Age group",
        Dimension.Kind.LISTED,
        [
            ("0-14", "ต่ำกว่า 15 ปี", "Under 15"),
            ("15-24", "15–24 ปี", "15–24"),
            ("25-59", "25–59 ปี", "25–59"),
            ("60+", "60 ปีขึ้นไป", "60 and over"),
        ],
    ),
    ("district", "อำเภอ", "District", Dimension.Kind.DISTRICT, []),
    ("network", "เครือข่าย", "Network", Dimension.Kind.NETWORK, []),
]


@transaction.atomic
def load_dimensions() -> None:
    for code, th, en, kind, categories in DIMENSIONS:
        dimension, _created = Dimension.objects.get_or_create(
            code=code, defaults={"name_th": th, "name_en": en, "kind": kind}
        )
        for order, (c_code, c_th, c_en) in enumerate(categories):
            Category.objects.get_or_create(
                dimension=dimension,
                code=c_code,
                defaults={"name_th": c_th, "name_en": c_en, "order": order},
            )
