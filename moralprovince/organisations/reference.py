"""Organisation types every installation starts with; admins may add or rename them."""

from django.db import transaction

from moralprovince.organisations.models import OrganisationType

ORGANISATION_TYPES = [
    ("government", "หน่วยงานราชการ", "Government agency"),
    ("local-government", "องค์กรปกครองส่วนท้องถิ่น", "Local government"),
    ("school", "สถานศึกษา", "School"),
    ("university", "สถาบันอุดมศึกษา", "University"),
    ("religious", "ศาสนสถาน", "Religious place"),
    ("business", "ภาคธุรกิจเอกชน", "Business"),
    ("media", "สื่อมวลชน", "Media"),
    ("civil-society", "องค์กรภาคประชาสังคม", "Civil society organisation"),
    ("youth", "กลุ่มเด็กและเยาวชน", "Children and youth group"),
    ("health", "หน่วยบริการสาธารณสุข", "Health service"),
    ("community", "ชุมชน", "Community"),
]


@transaction.atomic
def load_organisation_types() -> None:
    """Create the organisation types where missing; never overwrite edits."""
    for order, (code, th, en) in enumerate(ORGANISATION_TYPES):
        OrganisationType.objects.get_or_create(
            code=code, defaults={"name_th": th, "name_en": en, "order": order}
        )
