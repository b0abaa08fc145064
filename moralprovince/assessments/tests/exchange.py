"""A round of Surat Thani for FY2564 by the reference organisation criteria, with every
organisation of the province not started, for the workbook and import tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from moralprovince.assessments.models import (
    Assessment,
    CriteriaVersion,
    Round,
    RoundCriteria,
    UnitType,
)
from moralprovince.organisations.models import Organisation
from moralprovince.testing import MoralTestCase


class ExchangeTestCase(MoralTestCase):
    rnd: Round
    version: CriteriaVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.version = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION)
        cls.rnd = Round.objects.create(
            province=cls.surat,
            fiscal_year=2564,
            name="การประเมินองค์กรคุณธรรม 2564",
            self_deadline=today + dt.timedelta(days=30),
            verify_deadline=today + dt.timedelta(days=60),
        )
        RoundCriteria.objects.create(
            round=cls.rnd, unit_type=UnitType.ORGANISATION, version=cls.version
        )
        for org in Organisation.objects.filter(province=cls.surat).select_related("subdistrict"):
            Assessment.objects.create(
                round=cls.rnd,
                province=cls.surat,
                unit_type=UnitType.ORGANISATION,
                organisation=org,
                district_id=org.subdistrict.district_id,
                version=cls.version,
            )

    def of(self, organisation: object) -> Assessment:
        return Assessment.objects.get(round=self.rnd, organisation=organisation)
