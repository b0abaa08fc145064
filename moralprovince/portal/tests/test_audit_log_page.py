"""The audit log page reads as words: steps, field labels, choices, dates, figures, names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moralprovince.accounts.access import SYSTEM
from moralprovince.audit.models import AuditEntry
from moralprovince.knowledge import services as knowledge
from moralprovince.knowledge.models import NewsPost
from moralprovince.monitoring.services import lock_period, start_year_report
from moralprovince.organisations.services import OrganisationInput, update_organisation
from moralprovince.plans import services as plans
from moralprovince.plans.models import FundingSource
from moralprovince.plans.services import BudgetLineInput
from moralprovince.plans.tests.base import PlanTestCase
from moralprovince.portal.auditlog import action_label, described
from moralprovince.surveys import services as surveys
from moralprovince.surveys.models import Instrument
from moralprovince.surveys.reference import REFERENCE_CODE


def row_of(action: str):  # type: ignore[no-untyped-def]
    return described(AuditEntry.objects.filter(action=action).order_by("-id")[:1])[0]


class AuditLogPageTests(PlanTestCase):
    def log(self) -> str:
        self.login(self.admin)
        return self.client.get(reverse("portal:audit-province", args=["84"])).content.decode()

    def test_steps_and_fields_are_named_in_thai_not_by_their_codes(self):
        data = OrganisationInput.from_row(self.school, **{"phone": "077-000000"})
        update_organisation(actor=self.reporter, organisation=self.school, data=data)
        html = self.log()
        self.assertIn("องค์กร: แก้ไข", html)
        self.assertIn("<strong>โทรศัพท์</strong>: — → 077-000000", html)
        self.assertNotIn(">organisations.organisation.updated<", html)
        self.assertIn('title="organisations.organisation.updated"', html)  # kept for the exact

    def test_choices_dates_figures_and_related_rows_are_shown_as_read(self):
        plans.create_budget_line(
            actor=self.coordinator,
            activity=self.camp,
            data=BudgetLineInput(
                source=FundingSource.objects.get(code="moral-center"),
                amount=Decimal("1250000"),
                state="requested",
            ),
        )
        html = self.log()
        self.assertIn("1,250,000", html)
        self.assertIn("ขอรับการสนับสนุน", html)  # the budget state's label
        self.assertIn(FundingSource.objects.get(code="moral-center").name_th, html)
        self.assertIn("9 เมษายน 2564", html)  # the camp's end, in the Buddhist Era
        self.assertIn(self.school.name_th, html)  # the responsible organisation by name
        self.assertIn("แผน: สร้าง", html)
        self.assertNotIn("requested", html)

    def test_a_review_step_shows_the_statuses_in_words(self):
        plans.submit_plan(actor=self.coordinator, plan=self.plan)
        rows = described(AuditEntry.objects.filter(action="plans.plan.submitted"))
        self.assertEqual(rows[0].action, "แผน: ส่งตรวจ")
        status = next(c for c in rows[0].changes if c.label == "สถานะ")
        self.assertEqual((status.before, status.after), ("ร่าง", "ส่งพิจารณา"))

    def test_a_closed_period_is_named_in_words(self):
        lock_period(actor=self.admin, province=self.surat, fiscal_year=2564, period="Q2")
        html = self.log()
        self.assertIn("ปิดรอบการรายงาน", html)
        self.assertIn("<strong>รอบ</strong>: — → ไตรมาส 2", html)
        self.assertIn("<strong>ปีงบประมาณ</strong>: — → 2564", html)

    def test_an_unknown_code_is_shown_as_it_is(self):
        entry = AuditEntry(action="somewhere.thing.frobbed", object_type="nowhere.thing")
        self.assertEqual(action_label(entry), "somewhere.thing.frobbed")

    def test_related_rows_are_named_with_one_query_per_kind_of_row(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                described(AuditEntry.objects.all())
            return len(captured.captured_queries)

        before = queries()
        for day in range(1, 6):
            self.add_activity(f"กิจกรรมที่ {day}", dt.date(2021, 5, day), dt.date(2021, 5, day))
        self.assertEqual(queries(), before)

    def test_a_pupils_answer_reads_as_survey_answers_sent_by_an_anonymous_visitor(self):
        version = Instrument.objects.get(code=REFERENCE_CODE).latest()
        data = surveys.RoundData(
            province=self.surat,
            version=version,
            fiscal_year=2564,
            name="รอบสำรวจ 2564",
            opens_on=dt.date(2020, 1, 1),
            closes_on=dt.date(2099, 12, 31),
        )
        survey_round = surveys.create_round(actor=self.admin, data=data, schools=[self.school])
        codes = version.items.values_list("code", flat=True)
        answers = surveys.WebAnswers(
            "n1", grade=7, sex=2, age=None, answers=dict.fromkeys(codes, 3)
        )
        member = survey_round.round_schools.get()
        surveys.submit_web_response(actor=AnonymousUser(), member=member, answers=answers)
        row = row_of("surveys.responses.submitted")
        self.assertEqual((row.actor, row.action), ("ผู้ไม่ระบุชื่อ", "คำตอบแบบสำรวจ: ส่งคำตอบ"))
        changes = {c.label: c.after for c in row.changes}
        self.assertEqual(
            changes,
            {"คำตอบที่เพิ่ม": "1", "คำตอบที่ได้รับไว้แล้ว": "0", "ส่งผ่าน": "แบบสอบถามบนเว็บ"},
        )

    def test_a_news_body_shows_its_words_shortened_not_its_html(self):
        words = "ครูแกนนำร่วมอบรม " * 30
        knowledge.create_item(
            actor=self.admin,
            item=NewsPost(province=self.surat),
            data=knowledge.NewsInput(
                title="ข่าวอบรม", body=f"<p>วันแรก <strong>96 คน</strong></p><p>{words}</p>"
            ),
        )
        body = next(c for c in row_of("knowledge.newspost.created").changes if c.label == "เนื้อหา")
        self.assertTrue(body.after.startswith("วันแรก 96 คน ครูแกนนำร่วมอบรม"), body.after)
        self.assertTrue(body.after.endswith("…"))
        self.assertLess(len(body.after), len(words) / 2)
        self.assertNotIn("<", body.after)

    def test_a_job_is_named_by_what_it_does(self):
        start_year_report(actor=self.admin, province=self.surat, fiscal_year=2564)
        row = row_of("jobs.job.created")
        self.assertEqual(row.thing, "รายงานผลประจำปี ปีงบประมาณ 2564")
        self.assertEqual(row.action, "งานเบื้องหลัง: สร้าง")
        changes = {c.label: c.after for c in row.changes}
        self.assertEqual(changes["งาน"], "รายงานผลประจำปี ปีงบประมาณ 2564")
        self.assertEqual(changes["ปีงบประมาณ (พ.ศ.)"], "2564")

    def test_the_system_acts_in_words_and_a_person_by_their_username(self):
        lock_period(actor=SYSTEM, province=self.surat, fiscal_year=2564, period="Q2")
        self.assertEqual(row_of("monitoring.period.locked").actor, "ระบบ")
        plans.submit_plan(actor=self.coordinator, plan=self.plan)
        self.assertEqual(row_of("plans.plan.submitted").actor, "coordinator")
