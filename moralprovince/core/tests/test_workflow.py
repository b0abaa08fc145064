"""The review workflow keeps the duties apart: whoever entered or submitted an item does not
approve it, unless the province's programme has a one-person secretariat."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from moralprovince.accounts.access import SYSTEM
from moralprovince.audit.models import AuditEntry
from moralprovince.core import workflow
from moralprovince.monitoring import services as monitoring
from moralprovince.monitoring.models import IndicatorValue
from moralprovince.monitoring.services import ValueInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Plan
from moralprovince.plans.services import ActivityInput, GoalInput
from moralprovince.testing import make_user


class SeparationTestCase(MonitoringTestCase):
    def one_person(self, allowed: bool = True) -> None:
        self.programme.one_person_secretariat = allowed
        self.programme.save()

    def province_plan_by(self, user) -> Plan:  # type: ignore[no-untyped-def]
        """A province plan that `user` entered and submitted."""
        plan = services.create_plan(actor=user, unit=Unit("84"), fiscal_year=2564, title="แผนจังหวัด")
        goal = services.create_goal(actor=user, plan=plan, data=GoalInput(text="เป้าหมาย"))
        services.create_activity(
            actor=user,
            plan=plan,
            data=ActivityInput(
                goal=goal,
                title="ประชุม",
                start=dt.date(2021, 1, 5),
                end=dt.date(2021, 1, 5),
                responsible=self.school,
            ),
        )
        services.submit_plan(actor=user, plan=plan)
        return plan

    def approvals(self, action: str) -> list[AuditEntry]:
        return list(AuditEntry.objects.filter(action=action))

    def assert_status(self, row, status: str) -> None:  # type: ignore[no-untyped-def]
        row.refresh_from_db()
        self.assertEqual(row.status, status)


class PlanSeparationTests(SeparationTestCase):
    def test_the_admin_who_entered_and_submitted_a_plan_cannot_approve_it(self):
        plan = self.province_plan_by(self.admin)
        self.assertEqual(plan.submitted_by, self.admin)
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                ValidationError, "You entered or submitted this plan, so someone else must approve"
            ),
        ):
            services.approve_plan(actor=self.admin, plan=plan)
        self.assert_status(plan, "submitted")
        self.assertEqual(self.approvals("plans.plan.approved"), [])

    def test_another_admin_of_the_province_approves_it_with_no_note(self):
        plan = self.province_plan_by(self.admin)
        second = make_user("admin2", "province_admin", province=self.surat)
        services.approve_plan(actor=second, plan=plan)
        self.assert_status(plan, "approved")
        (entry,) = self.approvals("plans.plan.approved")
        self.assertNotIn("same_person_approval", entry.changes)

    def test_an_admin_who_only_edited_a_networks_draft_cannot_approve_it(self):
        services.update_goal(
            actor=self.admin, goal=self.goal, data=GoalInput(text="โรงเรียนคุณธรรม (แก้โดยจังหวัด)")
        )
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        with self.assertRaises(ValidationError):
            services.approve_plan(actor=self.admin, plan=self.plan)
        self.assert_status(self.plan, "submitted")

    def test_an_admin_who_only_submitted_a_networks_plan_cannot_approve_it(self):
        services.submit_plan(actor=self.admin, plan=self.plan)
        with self.assertRaises(ValidationError):
            services.approve_plan(actor=self.admin, plan=self.plan)
        self.assert_status(self.plan, "submitted")

    def test_an_admin_who_submitted_an_earlier_round_cannot_approve_the_next(self):
        services.submit_plan(actor=self.admin, plan=self.plan)
        services.return_plan(actor=self.admin, plan=self.plan, comment="ขอให้เครือข่ายส่งเอง")
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        self.assertEqual(self.plan.submitted_by, self.coordinator)
        with self.assertRaises(ValidationError):
            services.approve_plan(actor=self.admin, plan=self.plan)
        self.assert_status(self.plan, "submitted")

    def test_an_admin_who_only_renamed_a_networks_draft_cannot_approve_it(self):
        services.update_plan(actor=self.admin, plan=self.plan, title="ชื่อใหม่จากสมุดงาน")
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        with self.assertRaises(ValidationError):
            services.approve_plan(actor=self.admin, plan=self.plan)

    def test_a_refusal_leaves_no_trace_of_the_failed_write_among_the_authors(self):
        with self.assertRaises(ValidationError):
            services.update_goal(actor=self.admin, goal=self.goal, data=GoalInput(text=""))
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)
        self.assert_status(self.plan, "approved")

    def test_the_coordinators_plan_is_approved_by_the_admin(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)
        self.assert_status(self.plan, "approved")

    def test_a_revision_is_judged_by_who_entered_the_revision(self):
        services.update_goal(actor=self.admin, goal=self.goal, data=GoalInput(text="แก้ก่อนส่ง"))
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        second = make_user("admin2", "province_admin", province=self.surat)
        services.approve_plan(actor=second, plan=self.plan)
        services.open_revision(actor=self.coordinator, plan=self.plan, reason="เลื่อนค่าย")
        services.update_goal(actor=self.coordinator, goal=self.goal, data=GoalInput(text="แก้"))
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)
        self.assert_status(self.plan, "approved")
        services.open_revision(actor=self.coordinator, plan=self.plan, reason="อีกครั้ง")
        services.update_goal(actor=second, goal=self.goal, data=GoalInput(text="แก้โดย admin2"))
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        with self.assertRaises(ValidationError):
            services.approve_plan(actor=second, plan=self.plan)

    def test_a_one_person_secretariat_approves_its_own_plan_and_the_log_says_so(self):
        self.one_person()
        plan = self.province_plan_by(self.admin)
        services.approve_plan(actor=self.admin, plan=plan)
        self.assert_status(plan, "approved")
        (entry,) = self.approvals("plans.plan.approved")
        self.assertEqual(entry.actor, self.admin)
        self.assertEqual(
            entry.changes["same_person_approval"],
            {"before": None, "after": "allowed: one-person secretariat"},
        )

    def test_the_setting_of_one_province_does_not_reach_another(self):
        self.other_programme.one_person_secretariat = True
        self.other_programme.save()
        plan = self.province_plan_by(self.admin)
        with self.assertRaises(ValidationError):
            services.approve_plan(actor=self.admin, plan=plan)

    def test_the_system_approves_what_a_person_submitted(self):
        plan = self.province_plan_by(self.admin)
        services.approve_plan(actor=SYSTEM, plan=plan)
        self.assert_status(plan, "approved")

    def test_returning_ones_own_plan_is_allowed(self):
        plan = self.province_plan_by(self.admin)
        services.return_plan(actor=self.admin, plan=plan, comment="ขอแก้เอง")
        self.assert_status(plan, "returned")


class ValueSeparationTests(SeparationTestCase):
    def value_by(self, user, period: str = "Q1") -> IndicatorValue:  # type: ignore[no-untyped-def]
        return monitoring.enter_value(
            actor=user,
            indicator=self.network_indicator,
            data=ValueInput(fiscal_year=2564, period=period, value=Decimal(3)),
        )

    def test_the_admin_who_entered_submitted_and_approves_their_own_value_is_refused(self):
        row = self.value_by(self.admin)
        monitoring.submit_value(actor=self.admin, value=row)
        with self.assertRaises(ValidationError):
            monitoring.approve_value(actor=self.admin, value=row)
        self.assert_status(row, "submitted")
        self.assertEqual(self.approvals("monitoring.value.approved"), [])

    def test_a_value_the_admin_entered_and_the_coordinator_submitted_is_refused_too(self):
        row = self.value_by(self.admin)
        monitoring.submit_value(actor=self.coordinator, value=row)
        with self.assertRaises(ValidationError):
            monitoring.approve_value(actor=self.admin, value=row)
        self.assert_status(row, "submitted")

    def test_the_coordinators_value_is_approved_by_the_admin(self):
        row = self.value_by(self.coordinator)
        monitoring.submit_value(actor=self.coordinator, value=row)
        monitoring.approve_value(actor=self.admin, value=row)
        self.assert_status(row, "approved")

    def test_a_one_person_secretariat_approves_its_own_value_and_the_log_says_so(self):
        self.one_person()
        row = self.value_by(self.admin)
        monitoring.submit_value(actor=self.admin, value=row)
        monitoring.approve_value(actor=self.admin, value=row)
        self.assert_status(row, "approved")
        (entry,) = self.approvals("monitoring.value.approved")
        self.assertIn("same_person_approval", entry.changes)


class MoveTests(SeparationTestCase):
    def test_nobody_signed_in_takes_a_step(self):
        with self.assertRaises(ValidationError):
            workflow.move(self.plan, workflow.Step.SUBMIT, actor=AnonymousUser())
        with self.assertRaises(ValidationError):
            workflow.move(self.plan, workflow.Step.SUBMIT, actor=None)

    def test_submitting_names_the_person_and_the_field_to_save(self):
        moved = workflow.move(self.plan, workflow.Step.SUBMIT, actor=self.coordinator)
        self.assertEqual(moved.previous, "draft")
        self.assertEqual(moved.fields, ("status", "submitted_by"))
        self.assertEqual(self.plan.submitted_by_id, self.coordinator.pk)
        self.assertEqual(moved.note(), {})

    def test_is_author_answers_for_pages(self):
        self.assertTrue(workflow.is_author(self.plan, self.coordinator))
        self.assertFalse(workflow.is_author(self.plan, self.admin))
        self.assertFalse(workflow.is_author(self.plan, SYSTEM))


@override_settings(LANGUAGE_CODE="th")
class PagesTests(SeparationTestCase):
    def test_the_plan_page_offers_no_approve_button_to_its_author(self):
        plan = self.province_plan_by(self.admin)
        self.login(self.admin)
        page = self.client.get(f"/plans/{plan.pk}/").content.decode()
        self.assertNotIn(f"/plans/{plan.pk}/review/approve/", page)
        self.assertIn("คุณเป็นผู้กรอกหรือผู้ส่งแผนนี้ จึงต้องให้ผู้อื่นเป็นผู้อนุมัติ", page)
        self.assertIn(f"/plans/{plan.pk}/review/return/", page)
        self.one_person()
        page = self.client.get(f"/plans/{plan.pk}/").content.decode()
        self.assertIn(f"/plans/{plan.pk}/review/approve/", page)

    def test_approving_ones_own_plan_on_the_page_is_refused_with_a_message(self):
        plan = self.province_plan_by(self.admin)
        self.login(self.admin)
        response = self.client.post(f"/plans/{plan.pk}/review/approve/", follow=True)
        self.assertContains(response, "จึงต้องให้ผู้อื่นเป็นผู้อนุมัติ")
        self.assert_status(plan, "submitted")

    def test_the_admin_sets_the_one_person_secretariat_on_the_programme_form(self):
        self.login(self.admin)
        form = self.client.get("/provinces/84/edit/")
        self.assertContains(form, "อนุญาตให้ผู้ส่งและผู้อนุมัติเป็นคนเดียวกัน (เลขานุการมีคนเดียว)")
        data = {"name_th": self.programme.name_th, "name_en": "", "description": ""}
        self.client.post("/provinces/84/edit/", data | {"one_person_secretariat": "on"})
        self.programme.refresh_from_db()
        self.assertTrue(self.programme.one_person_secretariat)
        entry = AuditEntry.objects.filter(action="organisations.programme.updated").latest("id")
        self.assertEqual(entry.changes["one_person_secretariat"], {"before": False, "after": True})
        self.assertContains(self.client.get("/provinces/84/"), "เลขานุการมีคนเดียว")

    def test_a_coordinator_cannot_set_it(self):
        self.login(self.coordinator)
        data = {"name_th": "x", "one_person_secretariat": "on"}
        self.assertEqual(self.client.post("/provinces/84/edit/", data).status_code, 404)
        self.programme.refresh_from_db()
        self.assertFalse(self.programme.one_person_secretariat)
