"""The plan test world plus indicators: one of the province, one of the education network."""

from __future__ import annotations

from decimal import Decimal

from moralprovince.monitoring import services
from moralprovince.monitoring.models import Dimension, Indicator
from moralprovince.monitoring.services import IndicatorInput, TargetInput, ValueInput
from moralprovince.plans.access import Unit
from moralprovince.plans.tests.base import PlanTestCase


class MonitoringTestCase(PlanTestCase):
    province_indicator: Indicator
    network_indicator: Indicator

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.province_indicator = cls.make_indicator(
            None, "P1", "ร้อยละองค์กรที่ประกาศเจตนารมณ์", unit="percent"
        )
        cls.network_indicator = cls.make_indicator(cls.education, "E1", "จำนวนโรงเรียนที่จัดกิจกรรม")
        for period, target in (("Q1", 4), ("Q2", 6), ("Q3", 4), ("Q4", 6)):
            services.update_target(
                actor=cls.admin,
                indicator=cls.network_indicator,
                data=TargetInput(fiscal_year=2564, period=period, value=Decimal(target)),
            )

    @classmethod
    def make_indicator(cls, network, code, name, unit="number", source="", dimensions=()):  # type: ignore[no-untyped-def]
        return services.create_indicator(
            actor=cls.admin,
            unit=Unit("84", network),
            data=IndicatorInput(
                code=code,
                name_th=name,
                unit=unit,
                frequency="quarter",
                aggregation="sum",
                source=source,
                dimensions=list(Dimension.objects.filter(code__in=dimensions)),
            ),
        )

    def enter(self, indicator, period, value, user=None):  # type: ignore[no-untyped-def]
        return services.enter_value(
            actor=user or self.coordinator,
            indicator=indicator,
            data=ValueInput(fiscal_year=2564, period=period, value=Decimal(value)),
        )

    def approved(self, indicator, period, value):  # type: ignore[no-untyped-def]
        row = self.enter(indicator, period, value)
        services.submit_value(actor=self.coordinator, value=row)
        return services.approve_value(actor=self.admin, value=row)
