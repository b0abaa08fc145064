"""A round of Surat Thani for FY2564 by the reference criteria, with the evaluator assigned
to the education network (the school and the university), not to religion (the temple)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from moralprovince.accounts.scope import SYSTEM
from moralprovince.assessments import services
from moralprovince.assessments.models import (
    Assessment,
    CriteriaVersion,
    EvaluatorAssignment,
    Round,
    UnitType,
)
from moralprovince.testing import MoralTestCase


class AssessmentTestCase(MoralTestCase):
    rnd: Round
    version: CriteriaVersion
    province_version: CriteriaVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.version = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION)
        cls.province_version = CriteriaVersion.objects.get(unit_type=UnitType.PROVINCE)
        cls.rnd = services.create_round(
            actor=SYSTEM,
            province_id=cls.surat.pk,
            data={
                "name": "การประเมินองค์กรคุณธรรม 2564",
                "fiscal_year": 2564,
                "self_deadline": today + dt.timedelta(days=30),
                "verify_deadline": today + dt.timedelta(days=60),
            },
            versions={
                UnitType.ORGANISATION: cls.version,
                UnitType.PROVINCE: cls.province_version,
            },
        )
        EvaluatorAssignment.objects.create(
            round=cls.rnd, evaluator=cls.evaluator, network=cls.education
        )

    def setUp(self) -> None:
        super().setUp()
        # Messages are checked in English; the Thai ones are checked on their own.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def of(self, organisation: object) -> Assessment:
        return Assessment.objects.get(round=self.rnd, organisation=organisation)

    def full_marks(self) -> dict[str, str]:
        """A form's worth of 2s (100 % for share items), with accounts."""
        data = {}
        for item in self.version.items.all():
            data[f"value_{item.number}"] = "100" if item.scoring == "share" else "2"
            data[f"account_{item.number}"] = f"ทำครบ {item.number}"
        return data
