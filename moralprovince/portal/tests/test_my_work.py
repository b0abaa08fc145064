"""The page each person lands on after logging in: their own work, and nothing of others'."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.demo.services import load_demo
from moralprovince.monitoring import services as monitoring
from moralprovince.monitoring.services import ActivityReportInput, IndicatorInput, ValueInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.plans import services as plans
from moralprovince.plans.access import Unit
from moralprovince.plans.services import ActivityInput, GoalInput
from moralprovince.portal.queries import working_year
from moralprovince.surveys import services as surveys
from moralprovince.surveys.models import Instrument, SurveyRound
from moralprovince.surveys.reference import REFERENCE_CODE

# 1 August 2021: fiscal year 2564, its first three quarters have ended.
TODAY = dt.date(2021, 8, 1)


def section(html: str, name: str) -> str:
    """The text of one section of the page (review, returned, owed, units), or ""."""
    found = re.search(rf'<section id="{name}"[^>]*>(.*?)</section>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


class MyWorkTestCase(MonitoringTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The education network (the coordinator's): Q1 approved, Q2 returned, Q3 owed.
        cls.q1 = cls.value(cls.network_indicator, "Q1", 3, cls.coordinator)
        monitoring.submit_value(actor=cls.coordinator, value=cls.q1)
        monitoring.approve_value(actor=cls.admin, value=cls.q1)
        cls.q2 = cls.value(cls.network_indicator, "Q2", 5, cls.coordinator)
        monitoring.submit_value(actor=cls.coordinator, value=cls.q2)
        monitoring.return_value(actor=cls.admin, value=cls.q2, comment="ตัวเลขไม่ตรงกับรายชื่อผู้เข้าร่วม")
        # The training is reported; the camp (the school runs it) is not.
        monitoring.create_activity_report(
            actor=cls.coordinator,
            activity=cls.training,
            data=ActivityReportInput(
                held_on=dt.date(2020, 11, 24),
                subdistrict=cls.school.subdistrict,
                participants=120,
                description="อบรมครูแกนนำ",
            ),
        )
        # The religion network sends a plan and a value for review.
        cls.religion_indicator = cls.make_indicator(cls.religion, "R1", "จำนวนวัดที่จัดกิจกรรม")
        cls.religion_value = cls.value(cls.religion_indicator, "Q1", 7, cls.admin)
        monitoring.submit_value(actor=cls.admin, value=cls.religion_value)
        cls.religion_plan = cls.plan_with_activity(Unit("84", cls.religion), "แผนเครือข่ายศาสนา")
        plans.submit_plan(actor=cls.admin, plan=cls.religion_plan)
        # Q1 of Surat Thani is closed: the province's own indicator owes Q2 and Q3 only.
        monitoring.lock_period(actor=cls.admin, province=cls.surat, fiscal_year=2564, period="Q1")
        # The school's own plan is a draft; the temple's too (not the reporter's).
        cls.school_plan = plans.create_plan(
            actor=cls.reporter,
            unit=Unit("84", organisation=cls.school),
            fiscal_year=2564,
            title="แผนโรงเรียนบ้านนาเดิม",
        )
        plans.create_plan(
            actor=cls.admin,
            unit=Unit("84", organisation=cls.temple),
            fiscal_year=2564,
            title="แผนวัดพระบรมธาตุไชยา",
        )
        # Chiang Rai: its admin's own indicator, a value waiting for review and a draft plan.
        cls.chiangrai_indicator = monitoring.create_indicator(
            actor=cls.outsider,
            unit=Unit("57"),
            data=IndicatorInput(code="C1", name_th="ตัวชี้วัดเชียงราย", frequency="half"),
        )
        cls.chiangrai_network_indicator = monitoring.create_indicator(
            actor=cls.outsider,
            unit=Unit("57", cls.other_network),
            data=IndicatorInput(code="C2", name_th="ตัวชี้วัดเครือข่ายเชียงราย"),
        )
        chiangrai_value = cls.value(cls.chiangrai_network_indicator, "Q1", 2, cls.outsider)
        monitoring.submit_value(actor=cls.outsider, value=chiangrai_value)
        plans.create_plan(
            actor=cls.outsider, unit=Unit("57"), fiscal_year=2564, title="แผนจังหวัดเชียงราย"
        )

    @classmethod
    def value(cls, indicator, period, amount, user):  # type: ignore[no-untyped-def]
        return monitoring.enter_value(
            actor=user,
            indicator=indicator,
            data=ValueInput(fiscal_year=2564, period=period, value=Decimal(amount)),
        )

    @classmethod
    def plan_with_activity(cls, unit, title):  # type: ignore[no-untyped-def]
        plan = plans.create_plan(actor=cls.admin, unit=unit, fiscal_year=2564, title=title)
        goal = plans.create_goal(actor=cls.admin, plan=plan, data=GoalInput(text="วัดคุณธรรม"))
        plans.create_activity(
            actor=cls.admin,
            plan=plan,
            data=ActivityInput(
                goal=goal,
                title="ธรรมะสัญจร",
                start=dt.date(2021, 9, 1),
                end=dt.date(2021, 9, 2),
                responsible=cls.temple,
            ),
        )
        return plan

    def home(self, user: User) -> str:
        self.login(user)
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            response = self.client.get(reverse("portal:home"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class EachRoleSeesTheirOwnWorkTests(MyWorkTestCase):
    def test_the_reporter_sees_their_schools_plan_and_the_activity_it_runs(self):
        html = self.home(self.reporter)
        owed = section(html, "owed")
        self.assertIn("แผนโรงเรียนบ้านนาเดิม", owed)
        self.assertIn("ค่ายเยาวชนพอเพียง", owed)  # the school runs it, in the network's plan
        self.assertIn(reverse("monitoring:report-create", args=[self.camp.pk]), html)
        self.assertIn(reverse("plans:plan", args=[self.school_plan.pk]), html)
        self.assertIn("โรงเรียนบ้านนาเดิม", section(html, "units"))
        for others in [
            "อบรมครูแกนนำ",  # reported already
            "จำนวนโรงเรียนที่จัดกิจกรรม",  # the network's indicator, not the school's
            "แผนวัดพระบรมธาตุไชยา",
            "แผนเครือข่ายภาคการศึกษา",
            "เชียงราย",
        ]:
            self.assertNotIn(others, html)
        self.assertEqual(section(html, "review"), "")

    def test_the_coordinator_sees_what_their_network_owes_and_what_came_back(self):
        html = self.home(self.coordinator)
        owed = section(html, "owed")
        self.assertIn("จำนวนโรงเรียนที่จัดกิจกรรม", owed)
        self.assertIn("ไตรมาส 3 ปีงบประมาณ 2564", owed)
        self.assertIn("30 มิ.ย. 2564", owed)  # due since the quarter ended
        self.assertNotIn("ไตรมาส 1", owed)  # approved
        self.assertNotIn("ไตรมาส 4", owed)  # not ended yet
        self.assertIn("ค่ายเยาวชนพอเพียง", owed)
        self.assertIn("แผนเครือข่ายภาคการศึกษา", owed)  # still a draft
        returned = section(html, "returned")
        self.assertIn("ไตรมาส 2 ปีงบประมาณ 2564", returned)
        self.assertIn("ตัวเลขไม่ตรงกับรายชื่อผู้เข้าร่วม", returned)
        self.assertIn("Admin", returned)  # who returned it
        self.assertIn(
            reverse("monitoring:indicator", args=[self.network_indicator.pk]) + "?fy=2564", html
        )
        self.assertIn("เครือข่ายภาคการศึกษา", section(html, "units"))
        for others in [
            "ร้อยละองค์กรที่ประกาศเจตนารมณ์",  # the province's indicator
            "จำนวนวัดที่จัดกิจกรรม",
            "แผนเครือข่ายศาสนา",
            "แผนวัดพระบรมธาตุไชยา",
            "เชียงราย",
        ]:
            self.assertNotIn(others, html)
        self.assertEqual(section(html, "review"), "")

    def test_the_province_admin_sees_what_waits_for_review_and_the_provinces_own_dues(self):
        html = self.home(self.admin)
        review = section(html, "review")
        self.assertIn("แผนเครือข่ายศาสนา", review)
        self.assertIn("จำนวนวัดที่จัดกิจกรรม", review)
        self.assertIn("ไตรมาส 1 ปีงบประมาณ 2564", review)
        self.assertIn(reverse("plans:plan", args=[self.religion_plan.pk]), html)
        owed = section(html, "owed")
        self.assertIn("ร้อยละองค์กรที่ประกาศเจตนารมณ์", owed)
        self.assertIn("ไตรมาส 2", owed)
        self.assertIn("ไตรมาส 3", owed)
        self.assertNotIn("ไตรมาส 1", owed)  # the period is locked
        # The networks' and organisations' dues are theirs (the status board shows them all).
        self.assertNotIn("จำนวนโรงเรียนที่จัดกิจกรรม", owed)
        self.assertNotIn("ค่ายเยาวชนพอเพียง", owed)
        self.assertNotIn("แผนโรงเรียนบ้านนาเดิม", owed)
        self.assertIn("สุราษฎร์ธานีจังหวัดคุณธรรม", section(html, "units"))
        self.assertNotIn("เชียงราย", html)

    def test_the_evaluator_owes_nothing_and_finds_the_provinces_pages(self):
        html = self.home(self.evaluator)
        for name in ("review", "returned", "owed", "units"):
            self.assertEqual(section(html, name), "", name)
        self.assertIn("บทบาทของคุณอ่านงานของจังหวัดได้", html)
        self.assertIn(reverse("monitoring:dashboard", args=["84"]), html)
        self.assertIn(reverse("monitoring:visits", args=["84"]), html)
        self.assertNotIn("เชียงราย", html)

    def test_the_outsider_sees_only_chiang_rais_work(self):
        html = self.home(self.outsider)
        self.assertIn("ตัวชี้วัดเครือข่ายเชียงราย", section(html, "review"))
        owed = section(html, "owed")
        self.assertIn("ตัวชี้วัดเชียงราย", owed)
        self.assertIn("ครึ่งปีแรก ปีงบประมาณ 2564", owed)
        self.assertIn("แผนจังหวัดเชียงราย", owed)
        for surat in ["สุราษฎร์ธานี", "แผนเครือข่ายศาสนา", "จำนวนวัดที่จัดกิจกรรม", "ค่ายเยาวชน"]:
            self.assertNotIn(surat, html)

    def test_a_viewer_of_a_network_answers_for_nothing(self):
        html = self.home(self.viewer)
        self.assertEqual(section(html, "owed"), "")
        self.assertEqual(section(html, "review"), "")
        self.assertNotIn("จำนวนวัดที่จัดกิจกรรม", html)

    def test_every_link_on_the_page_opens_for_its_person(self):
        for user in [self.admin, self.coordinator, self.reporter, self.evaluator, self.outsider]:
            html = self.home(user)
            main = html[html.index("<main") : html.index("</main>")]
            links = set(re.findall(r'href="(/[^"]*)"', main))
            self.assertTrue(links)
            for link in sorted(links):
                with self.subTest(user=user.username, link=link):
                    self.assertEqual(self.client.get(link.replace("&amp;", "&")).status_code, 200)


class EmptyStateTests(MyWorkTestCase):
    def test_a_unit_with_nothing_due_is_told_so_and_where_to_start(self):
        self.assertNotIn("ไม่มีงานค้าง", self.home(self.reporter))  # a draft and a report due
        quiet = User.objects.create_user("quiet")
        Role.objects.create(
            user=quiet,
            kind=RoleKind.ORGANISATION_REPORTER,
            province=self.surat,
            organisation=self.university,
        )
        html = self.home(quiet)
        self.assertIn("ไม่มีงานค้าง", html)
        self.assertIn("มหาวิทยาลัยราชภัฏสุราษฎร์ธานี", section(html, "units"))
        start = reverse("plans:plan-create", args=["84", 2564])
        self.assertIn(f"{start}?organisation={self.university.pk}", html)
        self.assertIn("เริ่มทำแผนปีงบประมาณ 2564", html)

    def test_a_person_without_a_role_is_told_whom_to_ask(self):
        html = self.home(User.objects.create_user("newcomer"))
        self.assertIn("ยังไม่มีบทบาท", html)
        self.assertEqual(section(html, "units"), "")


class DemoRolesTests(TestCase):
    """The demo on 15 October 2022: fiscal year 2565 has just ended, with its gaps."""

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-pass")

    def home(self, username: str) -> str:
        self.client.force_login(User.objects.get(username=username))
        with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2022, 10, 15)):
            return self.client.get(reverse("portal:home")).content.decode()

    def test_the_province_admin_reviews_plans_and_values_and_owes_the_provinces_own(self):
        html = self.home("province")
        review = section(html, "review")
        self.assertIn("แผนการขับเคลื่อนเครือข่ายสื่อมวลชน ปีที่ 2", review)
        self.assertIn("แผนการขับเคลื่อนเครือข่ายเด็กและเยาวชน ปีที่ 2", review)
        self.assertIn("เครือข่ายเด็กและเยาวชน · ไตรมาส 4 ปีงบประมาณ 2565", review)
        owed = section(html, "owed")
        self.assertIn("ถอดบทเรียนองค์กรคุณธรรมต้นแบบ", owed)
        self.assertNotIn("แผนการขับเคลื่อนเครือข่ายสาธารณสุข", owed)  # network 8's draft
        self.assertNotIn("เชียงราย", html)

    def test_the_coordinator_has_reported_everything_and_sees_the_networks_plans(self):
        html = self.home("coordinator")
        self.assertEqual(section(html, "owed") + section(html, "review"), "")
        units = section(html, "units")
        self.assertIn("เครือข่ายภาคการศึกษา", units)
        self.assertEqual(units.count("อนุมัติ"), 3)  # the plans of 2563, 2564 and 2565
        self.assertNotIn("เครือข่ายศาสนา", html)

    def test_the_reporter_owes_the_schools_last_quarter(self):
        html = self.home("reporter")
        owed = section(html, "owed")
        self.assertIn("โรงเรียนบ้านไทรขึง · ไตรมาส 4 ปีงบประมาณ 2565", owed)
        self.assertEqual(owed.count("โรงเรียนบ้านไทรขึง"), 1)
        self.assertIn("โรงเรียนบ้านไทรขึง", section(html, "units"))
        self.assertEqual(section(html, "review"), "")

    def test_the_evaluator_and_the_outsider_see_only_their_own(self):
        html = self.home("evaluator")
        self.assertEqual(section(html, "owed") + section(html, "review"), "")
        self.assertIn(reverse("monitoring:status", args=["84"]), html)
        html = self.home("outsider")
        self.assertIn("เชียงรายจังหวัดคุณธรรม", section(html, "units"))
        self.assertNotIn("สุราษฎร์ธานี", html)
        self.assertEqual(section(html, "review"), "")


class QueryTests(MyWorkTestCase):
    def queries(self, user: User) -> int:
        self.login(user)
        with (
            mock.patch("django.utils.timezone.localdate", return_value=TODAY),
            CaptureQueriesContext(connection) as captured,
        ):
            self.client.get(reverse("portal:home"))
        return len(captured.captured_queries)

    def test_the_number_of_queries_does_not_grow_with_the_work(self):
        before = self.queries(self.coordinator)
        for n in range(3):
            indicator = self.make_indicator(self.education, f"E{n + 2}", f"ตัวชี้วัดที่ {n + 2}")
            self.value(indicator, "Q2", 1, self.coordinator)  # a draft: still owed
            self.add_activity(f"กิจกรรม {n}", dt.date(2021, 5, 1), dt.date(2021, 5, 2))
        self.assertEqual(self.queries(self.coordinator), before)

    def test_a_draft_value_is_still_owed_and_says_it_is_not_sent(self):
        draft = self.value(self.network_indicator, "Q3", 4, self.coordinator)
        html = self.home(self.coordinator)
        self.assertIn("ไตรมาส 3 ปีงบประมาณ 2564", section(html, "owed"))
        self.assertIn("บันทึกร่างไว้ ยังไม่ได้ส่ง", section(html, "owed"))
        monitoring.submit_value(actor=self.coordinator, value=draft)
        self.assertNotIn("ไตรมาส 3 ปีงบประมาณ 2564", section(self.home(self.coordinator), "owed"))


class OpenSurveyTests(MyWorkTestCase):
    """A round of the youth survey open on TODAY at the reporter's school and the temple."""

    survey_round: SurveyRound

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.version = Instrument.objects.get(code=REFERENCE_CODE).latest()
        cls.survey_round = cls.open_round("รอบสำรวจกลางปี 2564", dt.date(2021, 9, 30))
        # A round that closed before TODAY is not offered.
        cls.open_round("รอบสำรวจต้นปี 2564", dt.date(2021, 2, 28))

    @classmethod
    def open_round(cls, name: str, closes_on: dt.date) -> SurveyRound:
        data = surveys.RoundData(
            province=cls.surat,
            version=cls.version,
            fiscal_year=2564,
            name=name,
            opens_on=dt.date(2021, 1, 4),
            closes_on=closes_on,
        )
        return surveys.create_round(actor=cls.admin, data=data, schools=[cls.school, cls.temple])

    def answers(self, count: int) -> None:
        codes = list(self.version.items.values_list("code", flat=True))
        rows: list[surveys.SubmittedResponse] = [
            {
                "submission_id": f"s{n}",
                "school": self.school.pk,
                "grade": 8,
                "sex": 1 + n % 2,
                "answers": dict.fromkeys(codes, 3),
            }
            for n in range(count)
        ]
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            surveys.submit_responses(actor=self.admin, survey_round=self.survey_round, rows=rows)

    def test_the_reporter_is_shown_the_open_round_with_its_link_and_qr_page(self):
        html = self.home(self.reporter)
        shown = section(html, "surveys")
        self.assertIn("รอบสำรวจกลางปี 2564", shown)
        self.assertIn("เปิดถึง 30 ก.ย. 2564", shown)
        self.assertIn("ยังไม่มีนักเรียนของโรงเรียนนี้ตอบแบบสำรวจ", shown)
        self.assertNotIn("รอบสำรวจต้นปี 2564", html)
        page = reverse("surveys:school-results", args=[self.survey_round.pk, self.school.pk])
        self.assertIn(f'href="{page}#answer-link"', html)
        self.assertIn("ลิงก์และคิวอาร์โค้ดให้นักเรียนตอบแบบสำรวจ", shown)
        self.assertIn(self.school.name, shown)
        self.assertNotIn(self.temple.name, shown)
        school_page = self.client.get(page)
        self.assertContains(school_page, 'id="answer-link"')
        self.assertContains(
            school_page, self.survey_round.round_schools.get(organisation=self.school).token
        )

    def test_the_answers_so_far_are_counted_as_the_schools_page_counts_them(self):
        self.answers(4)
        shown = section(self.home(self.reporter), "surveys")
        self.assertIn("ขณะนี้นักเรียนตอบแล้วไม่ถึง 10 คน", shown)
        self.assertNotIn("4 คน", shown)
        self.answers(12)
        shown = section(self.home(self.reporter), "surveys")
        self.assertIn("นักเรียนของโรงเรียนตอบแล้ว 12 คน", shown)

    def test_only_the_schools_own_people_are_told(self):
        for user in [self.admin, self.coordinator, self.evaluator, self.viewer, self.outsider]:
            with self.subTest(user=user.username):
                self.assertEqual(section(self.home(user), "surveys"), "")

    def test_a_reader_of_the_school_sees_the_round_but_not_the_answer_link(self):
        reader = User.objects.create_user("school-reader")
        Role.objects.create(
            user=reader, kind=RoleKind.VIEWER, province=self.surat, organisation=self.school
        )
        html = self.home(reader)
        self.assertIn("รอบสำรวจกลางปี 2564", section(html, "surveys"))
        self.assertNotIn("#answer-link", html)


class ReadingTests(SimpleTestCase):
    def test_periods_are_named_in_words(self):
        template = Template("{% load thai %}{{ q|period }} · {{ h|period }} · {{ y|period }}")
        context = Context({"q": "Q3", "h": "H2", "y": "Y"})
        # Said in Thai, whichever language an earlier test's request left active.
        with translation.override("th"):
            self.assertEqual(template.render(context), "ไตรมาส 3 · ครึ่งปีหลัง · ทั้งปี")

    def test_plans_are_made_for_this_year_or_the_latest_programme_year(self):
        self.assertEqual(working_year([2563, 2564, 2565], dt.date(2021, 10, 15)), 2565)
        self.assertEqual(working_year([2563, 2564, 2565], dt.date(2026, 12, 2)), 2565)
        self.assertEqual(working_year([2570, 2571], dt.date(2021, 10, 15)), 2570)
        self.assertIsNone(working_year([], dt.date(2021, 10, 15)))
