"""A plan of the education network for FY2564, with two activities and three budget lines."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from decimal import Decimal

from django.test import override_settings

from moralprovince.framework.models import Strategy, Virtue
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import (
    Activity,
    BudgetLine,
    Declaration,
    FundingSource,
    Goal,
    Plan,
    TargetVirtue,
)
from moralprovince.plans.services import (
    ActivityInput,
    BudgetLineInput,
    DeclarationInput,
    GoalInput,
    TargetVirtueInput,
)
from moralprovince.testing import MoralTestCase


class PlanTestCase(MoralTestCase):
    plan: Plan
    goal: Goal
    training: Activity
    camp: Activity

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = services.create_plan(
            actor=cls.coordinator,
            unit=Unit("84", cls.education),
            fiscal_year=2564,
            title="แผนเครือข่ายภาคการศึกษา ปีที่ 2",
        )
        cls.goal = services.create_goal(
            actor=cls.coordinator, plan=cls.plan, data=GoalInput(text="โรงเรียนคุณธรรม")
        )
        cls.training = cls.add_activity("อบรมครูแกนนำ", dt.date(2020, 11, 23), dt.date(2020, 11, 25))
        cls.camp = cls.add_activity("ค่ายเยาวชนพอเพียง", dt.date(2021, 4, 5), dt.date(2021, 4, 9))
        cls.add_line(cls.training, "moral-center", "90000", "spent")
        cls.add_line(cls.training, "own", "20000", "approved")
        cls.add_line(cls.camp, "local-government", "80000", "requested")

    @classmethod
    def add_activity(cls, title: str, start: dt.date, end: dt.date) -> Activity:
        return services.create_activity(
            actor=cls.coordinator,
            plan=cls.plan,
            data=ActivityInput(
                goal=cls.goal,
                title=title,
                start=start,
                end=end,
                responsible=cls.school,
                target_group="ครู",
                expected_participants=120,
                strategy=Strategy.objects.get(master_plan__start_year=2559, number=1),
                partners=[cls.university],
                virtues=list(Virtue.objects.filter(code__in=["sufficiency", "discipline"])),
            ),
        )

    @classmethod
    def add_commitments(cls) -> tuple[Declaration, TargetVirtue]:
        """The province's own declaration and target virtue for FY2564."""
        declaration = services.create_declaration(
            actor=cls.admin,
            unit=Unit("84"),
            fiscal_year=2564,
            data=DeclarationInput(text="ประกาศเจตนารมณ์", declared_on=dt.date(2020, 12, 4)),
        )
        target = services.create_target_virtue(
            actor=cls.admin,
            unit=Unit("84"),
            fiscal_year=2564,
            data=TargetVirtueInput(
                problem_to_solve="ปัญหา",
                good_to_do="ความดี",
                virtues=list(Virtue.objects.filter(code="sufficiency")),
            ),
        )
        return declaration, target

    @classmethod
    def add_line(cls, activity: Activity, source: str, amount: str, state: str) -> BudgetLine:
        return services.create_budget_line(
            actor=cls.coordinator,
            activity=activity,
            data=BudgetLineInput(
                source=FundingSource.objects.get(code=source), amount=Decimal(amount), state=state
            ),
        )


class TemporaryMedia:
    """Files stored by each test go to a fresh directory, removed afterwards."""

    media_root: str

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.media_root = tempfile.mkdtemp(prefix="moralprovince-media-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)  # type: ignore[attr-defined]
        self.enterContext(override_settings(MEDIA_ROOT=self.media_root))  # type: ignore[attr-defined]
