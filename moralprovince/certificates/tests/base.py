"""A certificate source for the tests: organisations certified by their province's admins.

The apps that certify (assessments, training) register their own sources; this one stands
in for them, so that the certificates app is tested on its own.
"""

from __future__ import annotations

from typing import Any

from moralprovince.accounts.scope import scope_for
from moralprovince.certificates.sources import Facts, Source, register, unregister
from moralprovince.organisations.models import Organisation
from moralprovince.testing import MoralTestCase

KIND = "test-organisation"


def organisation_facts(ids: list[int]) -> dict[int, Facts]:
    return {
        o.pk: Facts(
            province_id=o.province_id,
            holder=o.name_th,
            lines=("ได้ผ่านการประเมินเป็นองค์กรคุณธรรม", "ตามเกณฑ์ของจังหวัดคุณธรรม"),
            fiscal_year=2564,
            level="ระดับที่ ๓ คุณธรรมต้นแบบ",
        )
        for o in Organisation.objects.filter(pk__in=ids)
    }


def admins_issue(actor: Any, province_id: str, object_id: int) -> bool:
    return scope_for(actor).can_admin_province(province_id)


TEST_SOURCE = Source(KIND, "Test", organisation_facts, admins_issue)


class CertificateTestCase(MoralTestCase):
    def setUp(self) -> None:
        super().setUp()
        register(TEST_SOURCE)
        self.addCleanup(unregister, KIND)
