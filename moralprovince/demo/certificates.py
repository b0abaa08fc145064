"""The demo province's signatories of certificates: sample people in its real offices."""

from __future__ import annotations

from moralprovince.accounts.access import SYSTEM
from moralprovince.certificates.models import Signatory
from moralprovince.certificates.services import set_signatories
from moralprovince.geo.models import Province

# The names say they are samples: they are printed on every demo certificate.
SIGNATORIES_84 = [
    ("นายสมชาย ใจดี (ตัวอย่าง)", "ผู้ว่าราชการจังหวัดสุราษฎร์ธานี"),
    ("นางสาวสมศรี รักษ์ธรรม (ตัวอย่าง)", "วัฒนธรรมจังหวัดสุราษฎร์ธานี"),
]


def load_signatories(province: Province) -> None:
    """Name the province's signatories once; an admin's own list is left as it is."""
    if not Signatory.objects.filter(province=province).exists():
        set_signatories(actor=SYSTEM, province_id=province.pk, rows=SIGNATORIES_84)
