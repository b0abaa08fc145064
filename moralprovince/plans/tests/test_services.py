import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from moralprovince.framework.models import Virtue
from moralprovince.plans import queries, services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import BudgetLine, Declaration, FundingSource, PlanStatus
from moralprovince.plans.services import (
    ActivityInput,
    BudgetLineInput,
    DeclarationInput,
    GoalInput,
)
from moralprovince.plans.tests.base import PlanTestCase


class ActivityRuleTests(PlanTestCase):
    def save(self, **changes):
        data = {
            "goal": self.goal,
            "title": "กิจกรรมใหม่",
            "start": dt.date(2021, 1, 10),
            "end": dt.date(2021, 1, 12),
            "responsible": self.school,
        } | changes
        return services.create_activity(
            actor=self.coordinator, plan=self.plan, data=ActivityInput(**data)
        )

    def assert_refused(self, field, message, **changes):
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            self.save(**changes)
        self.assertIn(field, caught.exception.message_dict)
        self.assertIn(message, " ".join(caught.exception.message_dict[field]))
        self.assertEqual(self.plan.activities.count(), 2)

    def test_a_date_outside_the_fiscal_year_is_refused(self):
        self.assert_refused("start", "outside fiscal year 2564", start=dt.date(2020, 9, 30))
        self.assert_refused("end", "outside fiscal year 2564", end=dt.date(2021, 10, 1))

    def test_an_end_before_the_start_is_refused(self):
        self.assert_refused("end", "before the start", end=dt.date(2021, 1, 1))

    def test_a_virtue_not_valid_that_year_is_refused(self):
        gratitude = Virtue.objects.get(code="gratitude")
        self.assert_refused("virtues", "not a core virtue in fiscal year 2564", virtues=[gratitude])

    def test_an_organisation_of_another_province_is_refused(self):
        self.assert_refused("responsible", "another province", responsible=self.other_org)

    def test_new_activities_are_numbered_in_order(self):
        self.assertEqual(self.save().number, 3)

    def test_a_negative_amount_is_refused(self):
        with self.assertRaises(ValidationError):
            services.create_budget_line(
                actor=self.coordinator,
                activity=self.camp,
                data=BudgetLineInput(source=FundingSource.objects.first(), amount=Decimal("-1")),
            )


class DeclarationTests(PlanTestCase):
    def test_the_share_who_signed_gives_the_score_band(self):
        declaration = Declaration(province=self.surat, fiscal_year=2564)
        cases = [
            ((46, 52, 98, 118), Decimal("84.71"), 2),
            ((5, 10, 5, 10), Decimal("50.00"), 1),
            ((1, 10, 3, 10), Decimal("20.00"), 0),
        ]
        for (es, et, ms, mt), share, band in cases:
            declaration.executives_signed, declaration.executives_total = es, et
            declaration.members_signed, declaration.members_total = ms, mt
            with self.subTest(share=share):
                self.assertEqual(declaration.signed_share, share)
                self.assertEqual(declaration.score_band, band)

    def test_more_signatures_than_people_are_refused(self):
        data = DeclarationInput(
            text="ประกาศ", declared_on=dt.date(2020, 12, 4), members_signed=11, members_total=10
        )
        with self.assertRaises(ValidationError):
            services.create_declaration(
                actor=self.admin, unit=Unit("84"), fiscal_year=2564, data=data
            )
        self.assertFalse(Declaration.objects.exists())


class ReviewTests(PlanTestCase):
    def test_an_approved_plan_keeps_its_baseline_through_a_revision(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        with self.assertRaises(ValidationError):
            services.update_goal(
                actor=self.coordinator, goal=self.goal, data=GoalInput(text="แก้ระหว่างพิจารณา")
            )
        services.approve_plan(actor=self.admin, plan=self.plan)
        self.assertEqual(self.plan.version, 1)
        self.assertEqual(self.plan.baseline["activities"]["1"]["budget"], "110000.00")

        with self.assertRaises(ValidationError):
            services.open_revision(actor=self.coordinator, plan=self.plan, reason="  ")
        services.open_revision(actor=self.coordinator, plan=self.plan, reason="เลื่อนค่ายเพราะน้ำท่วม")
        moved = ActivityInput.from_row(
            self.camp, start=dt.date(2021, 5, 3), end=dt.date(2021, 5, 7)
        )
        services.update_activity(actor=self.coordinator, activity=self.camp, data=moved)
        self.add_line(self.camp, "private", "5000", "requested")
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)

        self.plan.refresh_from_db()
        self.assertEqual(self.plan.version, 2)
        camp = next(r for r in queries.baseline_comparison(self.plan) if r["number"] == 2)
        self.assertEqual(camp["planned"]["start"], dt.date(2021, 4, 5))
        self.assertEqual(camp["revised"]["start"], dt.date(2021, 5, 3))
        self.assertEqual(camp["planned"]["budget"], Decimal("80000.00"))
        self.assertEqual(camp["revised"]["budget"], Decimal("85000.00"))
        reasons = list(self.plan.events.values_list("action", "comment"))
        self.assertIn(("revision", "เลื่อนค่ายเพราะน้ำท่วม"), reasons)
        from moralprovince.audit.models import AuditEntry

        approval = AuditEntry.objects.filter(action="plans.plan.approved").latest("id")
        self.assertEqual(
            approval.changes,
            {
                "status": {"before": "submitted", "after": "approved"},
                "version": {"before": 1, "after": 2},
            },
        )

    def test_only_the_provinces_admins_approve_or_return(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        for person in (self.coordinator, self.evaluator, self.outsider):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                services.approve_plan(actor=person, plan=self.plan)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, PlanStatus.SUBMITTED)

    def test_returning_needs_a_comment_and_goes_back_to_its_authors(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        with self.assertRaises(ValidationError):
            services.return_plan(actor=self.admin, plan=self.plan, comment="")
        services.return_plan(actor=self.admin, plan=self.plan, comment="เพิ่มตัวชี้วัด")
        self.assertEqual(self.plan.status, PlanStatus.RETURNED)
        self.assertTrue(self.plan.is_editable)
        self.assertEqual(self.plan.events.last().comment, "เพิ่มตัวชี้วัด")
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        self.assertEqual(self.plan.status, PlanStatus.SUBMITTED)

    def test_an_empty_plan_cannot_be_submitted(self):
        empty = services.create_plan(
            actor=self.admin, unit=Unit("84"), fiscal_year=2564, title="ว่าง"
        )
        with self.assertRaises(ValidationError):
            services.submit_plan(actor=self.admin, plan=empty)


class BudgetTotalsTests(PlanTestCase):
    def test_totals_by_agency_equal_the_sum_of_the_lines(self):
        plans = self.plan.__class__.objects.filter(pk=self.plan.pk)
        budget = queries.budget_breakdowns(plans)
        by_source = {row["label"]: row["total"] for row in budget["by_source"]}
        self.assertEqual(by_source["ศูนย์คุณธรรม"], Decimal("90000"))
        self.assertEqual(
            sum(by_source.values()), sum(BudgetLine.objects.values_list("amount", flat=True))
        )
        self.assertEqual(budget["totals"]["total"], Decimal("190000"))
        self.assertEqual(budget["totals"]["funded"], Decimal("110000"))
        self.assertEqual(budget["totals"]["spent"], Decimal("90000"))

    def test_the_unfunded_list_has_activities_without_approved_money(self):
        plans = self.plan.__class__.objects.filter(pk=self.plan.pk)
        unfunded = list(queries.unfunded_activities(plans))
        self.assertEqual([a.title for a in unfunded], ["ค่ายเยาวชนพอเพียง"])
        self.assertEqual(unfunded[0].requested, Decimal("80000"))
